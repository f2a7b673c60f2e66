import type { Outcome } from '../domain/outcome.js'

/** The value of an accepted outcome; a refusal goes to the error handler, which maps its code to a status. */
export function valueOrRefusal<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.refusal
  return outcome.value
}
