/**
 * What a domain command returns: its value, or a refusal with a shared error code (STYLE.md).
 * Used by the services and insights commands; routes turn a refusal into an HTTP reply.
 */
import { DomainError, type ErrorCode } from '../../shared/errors.js'

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: DomainError }

export const accepted = <T>(value: T): Outcome<T> => ({ ok: true, value })

export const refused = <T = never>(code: ErrorCode, message: string, details?: unknown): Outcome<T> => ({
  ok: false,
  refusal: new DomainError(code, message, details),
})
