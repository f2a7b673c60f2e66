/**
 * The new organisation form's short name in words (client/features/organisation/shortName.ts): what
 * the server's slug rule (lower-case letters, digits, dashes, not starting with a dash, at most 63)
 * refuses is said plainly; what it accepts, and the still empty field, say nothing.
 */
import { describe, expect, it } from 'vitest'
import { shortNameProblem } from '../../client/features/organisation/shortName.js'
import { OrganisationSlug } from '../../shared/organisations.js'

const CHARACTERS = 'Use only lower-case letters (a–z), digits and dashes: no capitals, spaces or other signs.'

describe('shortNameProblem', () => {
  it('accepts what the server accepts, and an empty field (required says that)', () => {
    for (const slug of ['', 'acme', 'clinic-2', '9lives', 'a'.repeat(63)])
      expect(shortNameProblem(slug)).toBeNull()
  })

  it('says in words why capitals, spaces, other signs, a leading dash or a long name are refused', () => {
    expect(shortNameProblem('Acme')).toBe(CHARACTERS)
    expect(shortNameProblem('acme clinic')).toBe(CHARACTERS)
    expect(shortNameProblem('acme_clinic')).toBe(CHARACTERS)
    expect(shortNameProblem('café')).toBe(CHARACTERS)
    expect(shortNameProblem('-acme')).toBe('Start with a lower-case letter or a digit, not a dash.')
    expect(shortNameProblem('a'.repeat(64))).toBe('Use at most 63 characters.')
  })

  it('finds a problem exactly when the server would refuse the short name', () => {
    for (const slug of ['x', 'X', 'a-b', '-', 'a b', 'ä', 'a'.repeat(64), '0-', 'A-1'])
      expect(shortNameProblem(slug) === null).toBe(OrganisationSlug.safeParse(slug).success)
  })
})
