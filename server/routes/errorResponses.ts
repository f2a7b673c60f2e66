/** The documented error responses routes share (the body is always the shared ErrorBody). */
import { ErrorBody } from '../../shared/schemas.js'

export const errorResponses = {
  400: ErrorBody.describe('Validation failed (details = zod issues)'),
  401: ErrorBody.describe('Not signed in'),
  403: ErrorBody.describe('Not allowed for this user'),
  404: ErrorBody.describe('Not found'),
  409: ErrorBody.describe('Refused by the availability rules'),
  429: ErrorBody.describe('Rate limited: retry after the Retry-After header (details.retryAfterSeconds)'),
} as const

/** What every operation that takes a request body can also answer (added by server/http/documentedErrors.ts). */
export const bodyErrorResponses = {
  413: ErrorBody.describe('Body over the size limit: code PAYLOAD_TOO_LARGE, details.limitBytes'),
  415: ErrorBody.describe('Body not sent as application/json: code UNSUPPORTED_MEDIA_TYPE, details.accepted'),
} as const
