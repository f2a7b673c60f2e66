/**
 * The new organisation's short name (its slug, shared/organisations.ts OrganisationSlug) checked as it
 * is typed, so the form says in words what is wrong instead of the browser's "match the requested
 * format".
 */
import { OrganisationSlug } from '../../../shared/organisations.js'

export const SHORT_NAME_MAX = 63

/** Why `slug` would be refused, in words; null when it is fine (or still empty: the field is required). */
export function shortNameProblem(slug: string): string | null {
  if (slug === '' || OrganisationSlug.safeParse(slug).success) return null
  if (slug.length > SHORT_NAME_MAX) return `Use at most ${SHORT_NAME_MAX} characters.`
  if (/[^a-z0-9-]/.test(slug))
    return 'Use only lower-case letters (a–z), digits and dashes: no capitals, spaces or other signs.'
  return 'Start with a lower-case letter or a digit, not a dash.'
}
