/** The one place where domain error codes become HTTP statuses. */
import type { ErrorCode } from '../../shared/errors.js'

export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SLOT_NOT_FOUND: 404,
  BOOKING_NOT_FOUND: 404,
  SLOT_FULL: 409,
  SLOT_UNAVAILABLE: 409,
  SLOT_IN_PAST: 409,
  SLOT_OVERLAPS: 409,
  INVALID_TRANSITION: 409,
  CAPACITY_BELOW_BOOKINGS: 409,
  SLOT_HAS_ACTIVE_BOOKINGS: 409,
  BOOKING_ID_TAKEN: 409,
  CONFLICT: 409,
  INTERNAL: 500,
}
