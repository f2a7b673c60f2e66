/**
 * A 400 VALIDATION_FAILED in words a person reads. The server's message names each issue by its path
 * and zod's text ("body.name: Too small: expected string to have >=1 characters"), which is right for
 * a program and wrong on a form; its `details` carry the issues themselves (path, code, limits), from
 * which this says "Name is required." instead. An issue it cannot read keeps the server's words.
 */

interface Issue {
  code?: unknown
  path?: unknown
  message?: unknown
  origin?: unknown
  minimum?: unknown
  maximum?: unknown
  expected?: unknown
}

/** Labels where the field's name is not what the form calls it. */
const LABELS: Record<string, string> = {
  priceMinor: 'Price',
  maxBookings: 'Capacity',
  url: 'URL',
  timeZone: 'Time zone',
  displayTimeZone: 'Time zone',
  startTime: 'Start',
  endTime: 'End',
  durationMinutes: 'Length',
  statusReason: 'Reason',
}

/** The issues of a validation error's details in words, or null when they are not issues. */
export function validationWords(details: unknown): string | null {
  if (!Array.isArray(details) || details.length === 0) return null
  const sentences = (details as Issue[]).map(issueWords)
  if (sentences.some((s) => s === null)) return null
  return [...new Set(sentences)].join(' ')
}

function issueWords(issue: Issue): string | null {
  if (!Array.isArray(issue.path) || typeof issue.message !== 'string') return null
  const field = [...issue.path].reverse().find((part) => typeof part === 'string' && !LOCATIONS.has(part))
  const label = typeof field === 'string' ? labelOf(field) : 'The request'
  // A message that already names its field ("to must not be before from") is a sentence of its own.
  if (typeof field === 'string' && issue.message.toLowerCase().startsWith(`${field.toLowerCase()} `))
    return `${upperFirst(issue.message)}.`
  return `${label} ${predicate(issue)}.`
}

/** Where in the request an issue is (the first part of its path), not which field. */
const LOCATIONS: ReadonlySet<string> = new Set(['body', 'querystring', 'params', 'headers', 'request'])

function labelOf(field: string): string {
  const known = LABELS[field]
  if (known) return known
  return upperFirst(field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
}

function predicate(issue: Issue): string {
  const text = issue.origin === 'string'
  const limit = (value: unknown) =>
    typeof value === 'number' || typeof value === 'bigint' ? String(value) : null
  if (issue.code === 'too_small') {
    const minimum = limit(issue.minimum)
    if (text) return minimum === '1' ? 'is required' : `needs at least ${minimum} characters`
    if (issue.origin === 'array') return `needs at least ${minimum} ${minimum === '1' ? 'entry' : 'entries'}`
    if (minimum !== null) return `must be at least ${minimum}`
  }
  if (issue.code === 'too_big') {
    const maximum = limit(issue.maximum)
    if (text) return `must be at most ${maximum} characters`
    if (issue.origin === 'array') return `takes at most ${maximum} entries`
    // Amounts in minor units (cents) would read 100 times too large: no figure.
    return issue.path && (issue.path as unknown[]).includes('priceMinor')
      ? 'is too high'
      : `must be at most ${maximum}`
  }
  // A number with a fraction where a whole one is asked (7.5 minutes): zod names `int` as the type.
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number'
  if (issue.code === 'invalid_type') return 'is missing or not of the right kind'
  const message = String(issue.message)
  // The project's own messages read on from the field ("must not contain control characters").
  return /^(must|is|has|needs|should) /.test(message) ? message : `is invalid: ${lowerFirst(message)}`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
