/**
 * Error codes shared by server and client. The server maps each code to an HTTP status in one
 * place (server/http/errorStatus.ts); the client shows `message` and branches on `code`.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  SLOT_NOT_FOUND: 'SLOT_NOT_FOUND',
  BOOKING_NOT_FOUND: 'BOOKING_NOT_FOUND',
  SLOT_FULL: 'SLOT_FULL',
  SLOT_UNAVAILABLE: 'SLOT_UNAVAILABLE',
  SLOT_IN_PAST: 'SLOT_IN_PAST',
  SLOT_OVERLAPS: 'SLOT_OVERLAPS',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /**
   * Marking a booking COMPLETED before its slot has started: COMPLETED frees the seat, which another
   * customer could then take while this one still comes (shared/availability.ts, completionRefusal).
   */
  BOOKING_NOT_STARTED: 'BOOKING_NOT_STARTED',
  CAPACITY_BELOW_BOOKINGS: 'CAPACITY_BELOW_BOOKINGS',
  SLOT_HAS_ACTIVE_BOOKINGS: 'SLOT_HAS_ACTIVE_BOOKINGS',
  /**
   * Deleting a slot that holds completed bookings: a session that took place is the provider's
   * record (its seats, sessions and revenue count in their insights), so it stays (`details.completedBookings`).
   */
  SLOT_HAS_HISTORY: 'SLOT_HAS_HISTORY',
  BOOKING_ID_TAKEN: 'BOOKING_ID_TAKEN',
  /** A new slot pushed with the device's id, which another organisation's slot already holds. */
  SLOT_ID_TAKEN: 'SLOT_ID_TAKEN',
  CONFLICT: 'CONFLICT',
  /** A pushed change made on a copy another device or a customer had changed first. */
  STALE_BASE: 'STALE_BASE',
  /** Too many requests: try again after `details.retryAfterSeconds` (never a refusal). */
  RATE_LIMITED: 'RATE_LIMITED',
  SLOT_NOT_FULL: 'SLOT_NOT_FULL',
  ALREADY_WAITING: 'ALREADY_WAITING',
  ALREADY_BOOKED: 'ALREADY_BOOKED',
  WAITLIST_ENTRY_NOT_FOUND: 'WAITLIST_ENTRY_NOT_FOUND',
  /** A waitlist join whose client id is already another entry's (someone else's, or in another organisation). */
  WAITLIST_ID_TAKEN: 'WAITLIST_ID_TAKEN',
  /** A reschedule to the slot the booking already has. */
  RESCHEDULE_SAME_SLOT: 'RESCHEDULE_SAME_SLOT',
  /** A reschedule to a slot of another provider. */
  RESCHEDULE_OTHER_PROVIDER: 'RESCHEDULE_OTHER_PROVIDER',
  /** A reschedule to a slot of another service (a reschedule moves the booking in time, never changes what is booked). */
  RESCHEDULE_OTHER_SERVICE: 'RESCHEDULE_OTHER_SERVICE',
  /** A reschedule to a slot where the booking's customer already holds another active booking. */
  RESCHEDULE_ALREADY_BOOKED: 'RESCHEDULE_ALREADY_BOOKED',
  /** A change (e.g. a reschedule) to a booking that has been cancelled meanwhile. */
  BOOKING_CANCELLED: 'BOOKING_CANCELLED',
  /** A move pushed from a device whose copy was moved elsewhere meanwhile (BOOKING_NOT_MOVED's reason). */
  BOOKING_MOVED_ELSEWHERE: 'BOOKING_MOVED_ELSEWHERE',
  /** A row not applied because another row of its all-or-nothing request (or series) was refused. */
  ROLLED_BACK: 'ROLLED_BACK',
  /** A bulk request (or the bookings of a date range) over the row limit. */
  TOO_MANY_ROWS: 'TOO_MANY_ROWS',
  /** No invitation has this link (never existed, or mistyped). */
  INVITATION_INVALID: 'INVITATION_INVALID',
  INVITATION_EXPIRED: 'INVITATION_EXPIRED',
  INVITATION_USED: 'INVITATION_USED',
  /**
   * Redeeming an invitation to an organisation the signed-in user already belongs to: the link is
   * left unused (it was probably meant for someone else), and the role there stays as it is.
   */
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  /** An admin revoked the invitation before it was used: the link no longer works. */
  INVITATION_REVOKED: 'INVITATION_REVOKED',
  /**
   * A change of memberships that would leave the organisation without an admin (demoting or
   * removing its last admin, themself included): shared/policy.ts membershipChangeRefusal.
   */
  LAST_ADMIN: 'LAST_ADMIN',
  /**
   * Registering (or changing an endpoint to) a URL one of the manager's webhook endpoints already
   * has (compared as shared/webhooks.ts webhookUrlKey normalises): details name the existing endpoint.
   */
  WEBHOOK_ENDPOINT_EXISTS: 'WEBHOOK_ENDPOINT_EXISTS',
  /**
   * Removing a member (or changing their role between customer and provider) who still has upcoming
   * slots or active bookings there: details say how many. Nothing is removed silently.
   */
  MEMBER_HAS_UPCOMING_WORK: 'MEMBER_HAS_UPCOMING_WORK',
  /** The request body is over the server's limit (`details.limitBytes`): send less per request. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The request body is not JSON (`details.accepted` names the media types the server takes). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The request line and headers are over the server's limit (`details.limitBytes`). */
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  /** The server is shutting down or overloaded: try again shortly (never a refusal). */
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Reasons a booking can be refused; stored on a REJECTED booking as `rejectionReason`. */
export const RejectionReason = {
  SLOT_FULL: ErrorCode.SLOT_FULL,
  SLOT_UNAVAILABLE: ErrorCode.SLOT_UNAVAILABLE,
  SLOT_IN_PAST: ErrorCode.SLOT_IN_PAST,
  SLOT_NOT_FOUND: ErrorCode.SLOT_NOT_FOUND,
  FORBIDDEN: ErrorCode.FORBIDDEN,
  /** The customer holds a seat of the slot already: one seat per customer per slot (invariant 12). */
  ALREADY_BOOKED: ErrorCode.ALREADY_BOOKED,
} as const
export type RejectionReason = (typeof RejectionReason)[keyof typeof RejectionReason]

/**
 * Why a command was refused: an expected answer, returned as a value (never thrown). `message` is for
 * people, `code` for programs, `details` says what the decision saw (e.g. the counter it refused on).
 */
export interface Refusal<C extends ErrorCode = ErrorCode> {
  code: C
  message: string
  details?: unknown
}

/**
 * What a domain command returns: its value, or the refusal. A refused command has written nothing
 * that survives (the caller may commit either way); REST turns a refusal into its HTTP status in one
 * place (server/routes/outcomeReply.ts), the replication push into the server's state of the document.
 */
export type Outcome<T, C extends ErrorCode = ErrorCode> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal<C> }

export type Refused<C extends ErrorCode = ErrorCode> = { ok: false; refusal: Refusal<C> }

export function accepted<T>(value: T): { ok: true; value: T } {
  return { ok: true, value }
}

export function refused<C extends ErrorCode>(
  code: C,
  details?: unknown,
  message: string = errorMessages[code],
): Refused<C> {
  return { ok: false, refusal: details === undefined ? { code, message } : { code, message, details } }
}

/**
 * Thrown for a refusal outside a domain command (no session, a malformed checkpoint) and by the
 * client's local checks; the HTTP error handler maps `code` to a status like a returned refusal.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

/** Human wording for codes the UI shows (e.g. a rejected booking's reason). */
export const errorMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid.',
  UNAUTHENTICATED: 'Please sign in.',
  INVALID_CREDENTIALS: 'Email or password is wrong.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'Not found.',
  SLOT_NOT_FOUND: 'That slot does not exist.',
  BOOKING_NOT_FOUND: 'That booking does not exist.',
  SLOT_FULL: 'The slot is fully booked.',
  SLOT_UNAVAILABLE: 'The slot is not available (blocked or removed by the provider).',
  SLOT_IN_PAST: 'The slot has already started.',
  SLOT_OVERLAPS: 'It overlaps another of your slots.',
  INVALID_TRANSITION: 'That status change is not allowed.',
  BOOKING_NOT_STARTED:
    'The slot has not started yet: a booking can be marked completed once its slot has started.',
  CAPACITY_BELOW_BOOKINGS: 'Capacity cannot go below the number of active bookings.',
  SLOT_HAS_ACTIVE_BOOKINGS: 'The slot still has active bookings.',
  SLOT_HAS_HISTORY: 'This session has completed bookings; it stays in your history.',
  BOOKING_ID_TAKEN: 'A different booking already uses that id.',
  SLOT_ID_TAKEN: 'A different slot already uses that id.',
  CONFLICT: 'The document changed on the server.',
  STALE_BASE: 'Someone else changed this first (another of your devices, or a customer).',
  RATE_LIMITED: 'Too many requests; please try again shortly.',
  SLOT_NOT_FULL: 'The slot has a free seat: book it instead of waiting.',
  ALREADY_WAITING: 'You are already on the waitlist of this slot.',
  ALREADY_BOOKED: 'You already hold a seat in this slot.',
  WAITLIST_ENTRY_NOT_FOUND: 'That waitlist entry does not exist.',
  WAITLIST_ID_TAKEN: 'A different waitlist entry already uses that id.',
  RESCHEDULE_SAME_SLOT: 'The booking is already in that slot.',
  RESCHEDULE_OTHER_PROVIDER: 'A booking can only move to another slot of the same provider.',
  RESCHEDULE_OTHER_SERVICE: 'A booking can only move to another time of the same service.',
  RESCHEDULE_ALREADY_BOOKED: 'A booking can only move to a slot where its customer holds no other booking.',
  BOOKING_CANCELLED: 'The booking had been cancelled (on another of your devices, or by the provider).',
  BOOKING_MOVED_ELSEWHERE:
    'The booking had already been moved to another time (on another of your devices, or by the provider).',
  ROLLED_BACK: 'Not done: another row of this all-or-nothing request was refused, so none was applied.',
  TOO_MANY_ROWS: 'Too many rows for one request.',
  INVITATION_INVALID: 'This invitation link is not valid.',
  INVITATION_EXPIRED: 'This invitation link has expired; ask for a new one.',
  INVITATION_USED: 'This invitation link has already been used.',
  ALREADY_MEMBER: 'You are already a member of this organisation; the invitation link was not used.',
  INVITATION_REVOKED: 'This invitation link has been withdrawn by the organisation; ask for a new one.',
  LAST_ADMIN: 'An organisation always keeps at least one admin: make someone else an admin first.',
  WEBHOOK_ENDPOINT_EXISTS: 'You already have an endpoint for that URL.',
  MEMBER_HAS_UPCOMING_WORK:
    'This member still has upcoming slots or bookings here; they must be cancelled or moved first.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON (Content-Type: application/json).',
  HEADERS_TOO_LARGE: 'The request line and headers are too large.',
  UNAVAILABLE: 'The server is busy or restarting; please try again shortly.',
  INTERNAL: 'Something went wrong on our side.',
}
