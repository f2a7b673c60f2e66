/**
 * The rule for a password being set (shared/passwords.ts, shared/schemas.ts): the client's form (newPasswordProblem) and
 * the server's schema (NewPassword) refuse exactly the same passwords; only whitespace is refused.
 */
import { describe, expect, it } from 'vitest'
import { newPasswordProblem } from '../../shared/passwords.js'
import { NewPassword } from '../../shared/schemas.js'

describe('a new password', () => {
  it('refuses one of only spaces (any whitespace), keeps spaces inside a pass phrase', () => {
    expect(newPasswordProblem('        ')).toBe('must not be blank (only spaces)')
    expect(newPasswordProblem('\u00a0\u2003\u3000     ')).toBe('must not be blank (only spaces)')
    expect(newPasswordProblem('  correct horse  ')).toBeNull()
    expect(newPasswordProblem('short')).toBe('must be at least 8 characters')
  })

  it('the form refuses exactly what the server refuses', () => {
    for (const password of [
      '',
      ' ',
      '        ',
      '\t'.repeat(9),
      'a       ',
      'short',
      'x'.repeat(201),
      'ok pass phrase',
      'nul\u0000padded',
    ])
      expect(newPasswordProblem(password) === null).toBe(NewPassword.safeParse(password).success)
  })
})
