/**
 * What the service form says is wrong, field by field, in plain words ("Enter a name for the
 * service.") rather than zod's ("name: Too small: expected string to have >=1 characters").
 */
import { minorUnitDigits, parsePrice } from '../../../shared/currencies.js'
import { MAX_CAPACITY } from '../../../shared/schemas.js'
import { validationWords } from '../../data/validationWords.js'

/** Why the price as typed is not an amount, or null when it is. */
export function priceProblem(text: string, currency: string): string | null {
  if (parsePrice(text, currency) !== null) return null
  const typed = text.trim()
  if (typed === '') return 'Enter a price (0 for a free service).'
  if (typed.startsWith('-') && parsePrice(typed.slice(1), currency) !== null)
    return 'The price cannot be negative.'
  const digits = minorUnitDigits(currency)
  return digits === 0
    ? `Enter the price in ${currency} as a whole amount, without decimals.`
    : `Enter the price as an amount with at most ${digits} decimals.`
}

interface Issue {
  path: readonly PropertyKey[]
  code: string
}

/** The form's own words for a field's issue; others read as data/validationWords.ts says them. */
const FIELD_WORDS: Record<string, (issue: Issue) => string | null> = {
  name: (issue) =>
    issue.code === 'too_small'
      ? 'Enter a name for the service.'
      : issue.code === 'too_big'
        ? 'The name can be at most 120 characters.'
        : null,
  priceMinor: (issue) =>
    issue.code === 'too_big' ? 'The price is too high.' : 'The price cannot be negative.',
  durationMinutes: () => 'Enter the length in whole minutes, from 5 to 1440.',
  defaultCapacity: () => `Enter from 1 to ${MAX_CAPACITY} seats per slot.`,
}

/** The schema's issues with a service as sentences, one per problem. */
export function serviceIssueWords(issues: readonly Issue[]): string {
  const sentences = issues.map(
    (issue) =>
      FIELD_WORDS[String(issue.path[0])]?.(issue) ??
      validationWords([issue]) ??
      'Check the service’s details.',
  )
  return [...new Set(sentences)].join(' ')
}
