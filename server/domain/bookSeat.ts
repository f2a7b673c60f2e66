/**
 * Booking a seat in ONE statement, so that a booking costs one round trip to PostgreSQL and needs no
 * BEGIN/COMMIT of its own (a single statement is atomic): it inserts the booking by its client id,
 * takes the seat under the capacity check and the one-seat-per-customer rule, writes the audit row,
 * the notification and the webhook outbox rows (invariants 1, 3, 9 and 12; the outbox's part is
 * webhookOutboxCtes, recordWebhookEvent's too), and, when given a session token's hash, does all of
 * it only while that session is live (so the REST route can take the actor from its session cache
 * and still honour a sign-out made a moment ago by another process: server/auth/sessionCache.ts).
 * A customer acting as a member (a request's actor: REST, push, series) books only while still a
 * member here who may book, and holds that membership FOR SHARE until the booking commits, so a
 * concurrent removal or role change either waits and counts the booking or is seen here
 * (server/domain/heldMembership.ts); the system booking a waiter's seat checks no membership.
 *
 * The seat: the slot row is locked by the INSERT's SELECT ... FOR NO KEY UPDATE; under READ COMMITTED
 * a concurrent booker waits for that lock and PostgreSQL re-checks `current_bookings < max_bookings`
 * on the newest row version, so two statements can never both take the last seat. NO KEY UPDATE is
 * the lock the counter UPDATE takes anyway: it queues seat takers on the slot but, unlike FOR UPDATE,
 * does not wait for inserts that only hold the foreign key's KEY SHARE (a cancellation handing its
 * seat to a waiter would deadlock with them). A concurrent replay of the same id waits on the first
 * one's row and then inserts nothing, so takes no seat; so does a concurrent booking of the same slot by
 * the same customer (invariant 12: seatHeldSql in bookingRows.ts).
 *
 * The audit row's `after` is the booking as the API shows it (bookingFromRow), built in SQL; the
 * notification's kind comes from the one rule (bookingNotifications), passed in per status.
 * The bench's raw baseline (test/bench/rawBookingSql.ts) runs this very text.
 */
import { bookerMembershipRolesSql } from '../../shared/policy.js'
import type { Role } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { BOOKING_COLUMNS, type BookingRow, seatHeldSql } from './bookingRows.js'
import { actsAsMember } from './heldMembership.js'
import { bookingNotifications } from './notifications.js'
import { requiredWebhookEvent, webhookOutboxCtes } from './webhookEvents.js'

/** The webhook event a new booking raises (the audit action's, by the one rule in webhookEvents.ts). */
const CREATED_ACTION = 'booking.created'
const CREATED_EVENT = requiredWebhookEvent(CREATED_ACTION)

/**
 * The SQL condition "user `userId` (an SQL expression) is a member of the statement's organisation
 * whose role books": the actor of a cached session may have been removed, or given another role,
 * since it was cached (server/auth/sessionCache.ts), or be removed while the statement runs. One
 * probe of the memberships primary key: a scalar subquery, not an EXISTS, which under the OR
 * PostgreSQL ran as a hashed subplan reading every membership at each booking (a quarter of the
 * booking rate: `bookingPathProfile.ts` A/B, PostgreSQL CPU 0.93 against 0.63 ms per booking at 1
 * client). It locks the membership FOR SHARE (server/domain/heldMembership.ts says why): a removal
 * that locked it first is waited for, and the row is then gone (or has its new role). A statement
 * that names no organisation (the owner's work outside a request, and tests) has no membership to
 * check; under the request role it could not write a tenant row anyway (row-level security fails closed).
 */
export const mayBookHere = (userId: string) =>
  `(app_current_organisation() IS NULL
      OR coalesce((SELECT m.role IN (${bookerMembershipRolesSql}) FROM memberships m
                   WHERE m.organisation_id = app_current_organisation() AND m.user_id = ${userId}
                   FOR SHARE), false))`

/** An instant as isoInstant() writes it (UTC, milliseconds, Z): migration 016. */
const iso = (column: string) => `iso_instant(${column})`

/**
 * $1 booking id, $2 customer id, $3 slot id, $4 notes, $5 session token hash or NULL (no check),
 * $6 notification id, $7/$8 the notification kind for a PENDING/CONFIRMED booking (NULL: none),
 * $9/$10 whom it goes to for PENDING/CONFIRMED ('provider' or 'customer'). `member`: whether the
 * customer books only while a member here who may book (mayBookHere, which holds the membership).
 */
const bookSeatSql = (member: boolean) => `WITH session AS (
  SELECT user_id FROM sessions WHERE token_hash = $5::text AND expires_at > now()
), live AS (
  SELECT $5::text IS NULL OR EXISTS (SELECT 1 FROM session) AS session_ok,
         ${member ? mayBookHere('$2::uuid') : 'true'} AS ok
), inserted AS (
  INSERT INTO bookings AS b (id, slot_id, provider_id, service_id, customer_id, start_time, status, notes)
  SELECT $1::uuid, s.id, s.provider_id, s.service_id, $2::uuid, s.start_time,
         CASE WHEN p.auto_confirm THEN 'CONFIRMED' ELSE 'PENDING' END, $4::text
  FROM slots s JOIN users p ON p.id = s.provider_id
  WHERE (SELECT ok FROM live) AND s.id = $3::uuid AND NOT s.deleted AND NOT s.blocked
    AND s.start_time > now() AND s.current_bookings < s.max_bookings
    AND NOT ${seatHeldSql('s', '$2::uuid')}
  FOR NO KEY UPDATE OF s
  ON CONFLICT DO NOTHING
  RETURNING ${BOOKING_COLUMNS}
), seat AS (
  UPDATE slots SET current_bookings = current_bookings + 1
  WHERE id IN (SELECT slot_id FROM inserted)
  RETURNING id
)${createdBookingWrites({ noticeId: '$6::uuid', kinds: ['$7', '$8'], targets: ['$9', '$10'] })}
SELECT live.session_ok AS session_live, live.ok AS member_live, i.* FROM live LEFT JOIN inserted i ON true`

/** A member's booking (every request's): the statement checks and holds the customer's membership. */
export const BOOK_SEAT_SQL = bookSeatSql(true)
/** The system's booking for someone (a waitlist promotion, a plain Actor): no membership is checked. */
const SYSTEM_BOOK_SEAT_SQL = bookSeatSql(false)

export type BookSeatResult =
  /** The session given was signed out or expired: nothing was written. */
  | { kind: 'session-ended' }
  /** The customer is no longer a member here who may book (removed, or given another role): nothing was written. */
  | { kind: 'membership-ended' }
  | { kind: 'booked'; row: BookingRow }
  /** Nothing written: the id exists already, or the slot refused (the caller finds out which). */
  | { kind: 'not-booked' }

export interface BookSeatInput {
  id: string
  slotId: string
  notes: string
  notificationId: string
  /** Checked in the statement when given (the hash of the request's session token). */
  sessionTokenHash: string | null
}

export async function bookSeat(tx: Queryable, actor: Actor, input: BookSeatInput): Promise<BookSeatResult> {
  const pending = creationNotice(actor.role, 'PENDING')
  const confirmed = creationNotice(actor.role, 'CONFIRMED')
  // A session given means a request's actor (its session's user): always a member's booking.
  const member = input.sessionTokenHash !== null || actsAsMember(actor)
  const { rows } = await tx.query<
    BookingRow & { session_live: boolean; member_live: boolean; id: string | null }
  >(
    member ? BOOK_SEAT_SQL : SYSTEM_BOOK_SEAT_SQL,
    [
      input.id,
      actor.userId,
      input.slotId,
      input.notes,
      input.sessionTokenHash,
      input.notificationId,
      pending?.kind ?? null,
      confirmed?.kind ?? null,
      pending?.target ?? null,
      confirmed?.target ?? null,
    ],
    { prepareAs: member ? 'book_seat' : 'book_seat_system' },
  )
  const row = rows[0]
  if (!row?.session_live) return { kind: 'session-ended' }
  if (!row.member_live) return { kind: 'membership-ended' }
  if (row.id === null) return { kind: 'not-booked' }
  const { session_live: _live, member_live: _member, ...booking } = row
  return { kind: 'booked', row: booking }
}

/** Who hears of a booking created with `status` (the rule is bookingNotifications'); at most one. */
export function creationNotice(
  role: Role,
  status: 'PENDING' | 'CONFIRMED',
): { kind: string; target: 'provider' | 'customer' } | null {
  const facts = { customerId: 'customer', providerId: 'provider', status, rejectionReason: null }
  const targets = bookingNotifications(role, null, facts)
  if (targets.length > 1)
    throw new Error('a new booking notifies one party at most (bookSeat writes one row)')
  const target = targets[0]
  return target ? { kind: target.kind, target: target.userId as 'provider' | 'customer' } : null
}

/**
 * What new bookings write besides themselves and their seats, for every row of the statement's CTE
 * `inserted` (RETURNING BOOKING_COLUMNS): the audit row, the webhook outbox rows (the one outbox
 * builder, webhookOutboxCtes) and the notification. BOOK_SEAT_SQL above writes them for its one
 * booking, a push batch's statement (bookSeats.ts) for many. `noticeId` is the SQL of each row's
 * notification id; `kinds` and `targets` the parameters of the notification kind and whom it goes to
 * for a PENDING/CONFIRMED booking (creationNotice). Starts with the comma that follows `inserted`.
 */
export function createdBookingWrites(sql: {
  noticeId: string
  kinds: [pending: string, confirmed: string]
  targets: [pending: string, confirmed: string]
}): string {
  return `, shown AS (
  -- The booking as the API shows it (bookingFromRow): the audit row's \`after\` and the webhook's object.
  SELECT i.id, i.provider_id, i.customer_id, jsonb_build_object(
           'id', i.id, 'slotId', i.slot_id, 'providerId', i.provider_id, 'serviceId', i.service_id,
           'customerId', i.customer_id, 'customerName', i.customer_name, 'startTime', ${iso('i.start_time')},
           'status', i.status, 'rejectionReason', i.rejection_reason, 'notes', i.notes,
           'reference', i.reference, 'statusReason', i.status_reason, 'declined', i.declined,
           'createdAt', ${iso('i.created_at')}, 'updatedAt', ${iso('i.updated_at')}) AS doc
  FROM inserted i
), audit AS (
  INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
  SELECT customer_id, provider_id, '${CREATED_ACTION}', 'booking', id, NULL, doc FROM shown
), hook_source AS (
  SELECT provider_id, '${CREATED_EVENT}'::text AS type, id AS entity_id, doc AS data FROM shown
), ${webhookOutboxCtes('hook_source')}, notice AS (
  INSERT INTO notifications (id, user_id, kind, slot_id, booking_id, start_time, service_name, other_party, reason)
  SELECT ${sql.noticeId}, CASE WHEN t.target = 'provider' THEN i.provider_id ELSE i.customer_id END, t.kind,
         i.slot_id, i.id, i.start_time, sv.name,
         CASE WHEN t.target = 'provider' THEN i.customer_name ELSE p.name END, NULL
  FROM inserted i
  JOIN services sv ON sv.id = i.service_id
  JOIN users p ON p.id = i.provider_id
  CROSS JOIN LATERAL (
    SELECT CASE WHEN i.status = 'PENDING' THEN ${sql.kinds[0]}::text ELSE ${sql.kinds[1]}::text END AS kind,
           CASE WHEN i.status = 'PENDING' THEN ${sql.targets[0]}::text ELSE ${sql.targets[1]}::text END AS target
  ) t
  WHERE t.kind IS NOT NULL
)`
}
