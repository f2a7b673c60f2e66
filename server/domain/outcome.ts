/**
 * What a domain command returns: its value, or a refusal as a value (never a half-written change:
 * the caller's transaction decides). Routes turn a refusal into HTTP, the push layer into a
 * REJECTED document. (Local to the waitlist for now; the booking commands still throw DomainError.)
 */
import { DomainError, type ErrorCode, errorMessages } from '../../shared/errors.js'

export interface Refusal {
  code: ErrorCode
  message: string
  details?: unknown
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal }

export function accepted<T>(value: T): Outcome<T> {
  return { ok: true, value }
}

export function refused<T>(code: ErrorCode, details?: unknown, message = errorMessages[code]): Outcome<T> {
  return { ok: false, refusal: { code, message, details } }
}

/** For routes: the value, or the refusal thrown as the DomainError the error replies map to HTTP. */
export function valueOrThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value
  throw new DomainError(outcome.refusal.code, outcome.refusal.message, outcome.refusal.details)
}
