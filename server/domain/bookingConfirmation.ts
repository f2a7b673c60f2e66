/**
 * A provider's choice between confirming each booking request themselves and having new bookings
 * confirmed at once (users.auto_confirm; shared/bookingConfirmation.ts). Nothing caches it: the
 * booking statements read the provider's row as they insert (server/domain/bookSeat.ts, bookSeats.ts),
 * so a switch committed here applies to the next booking in every server process. Bookings made
 * before it keep their status: the requests still PENDING wait for the provider's answer as before.
 */
import type { BookingConfirmation, UpdateBookingConfirmationBody } from '../../shared/bookingConfirmation.js'
import { BOOKING_CONFIRMATION_CHANGED } from '../../shared/bookingConfirmation.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { mayChooseBookingConfirmation } from '../../shared/policy.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { recordAudit } from './audit.js'

const FORBIDDEN_TEXT = 'Only the provider chooses how their bookings are confirmed.'

/** The provider's choice and how many of their requests wait for an answer in this organisation. */
export async function readBookingConfirmation(
  tx: Queryable,
  actor: Actor,
  providerId: string,
): Promise<Outcome<BookingConfirmation>> {
  if (!mayChooseBookingConfirmation(actor, providerId))
    return refused(ErrorCode.FORBIDDEN, undefined, FORBIDDEN_TEXT)
  const { rows } = await tx.query<{ auto_confirm: boolean }>('SELECT auto_confirm FROM users WHERE id = $1', [
    providerId,
  ])
  const row = rows[0]
  if (!row) return refused(ErrorCode.UNAUTHENTICATED, undefined, 'The signed-in user no longer exists.')
  return accepted({ autoConfirm: row.auto_confirm, pendingRequests: await pendingRequests(tx, providerId) })
}

/**
 * Switches the choice; the audit trail records a change (not the same choice sent again), in the
 * same transaction. The row is locked so that two switches at once are recorded in the order they apply.
 */
export async function setBookingConfirmation(
  tx: Queryable,
  actor: Actor,
  providerId: string,
  body: UpdateBookingConfirmationBody,
): Promise<Outcome<BookingConfirmation>> {
  if (!mayChooseBookingConfirmation(actor, providerId))
    return refused(ErrorCode.FORBIDDEN, undefined, FORBIDDEN_TEXT)
  const { rows } = await tx.query<{ auto_confirm: boolean }>(
    'SELECT auto_confirm FROM users WHERE id = $1 FOR NO KEY UPDATE',
    [providerId],
  )
  const before = rows[0]
  if (!before) return refused(ErrorCode.UNAUTHENTICATED, undefined, 'The signed-in user no longer exists.')
  if (before.auto_confirm !== body.autoConfirm) {
    await tx.query('UPDATE users SET auto_confirm = $2 WHERE id = $1', [providerId, body.autoConfirm])
    await recordAudit(tx, actor, {
      action: BOOKING_CONFIRMATION_CHANGED,
      entityType: 'member',
      entityId: providerId,
      providerId,
      before: { autoConfirm: before.auto_confirm },
      after: { autoConfirm: body.autoConfirm },
    })
  }
  return accepted({ autoConfirm: body.autoConfirm, pendingRequests: await pendingRequests(tx, providerId) })
}

/** The provider's bookings still PENDING in the transaction's organisation (row-level security). */
async function pendingRequests(tx: Queryable, providerId: string): Promise<number> {
  const { rows } = await tx.query<{ n: string | number }>(
    "SELECT count(*) AS n FROM bookings WHERE provider_id = $1 AND status = 'PENDING'",
    [providerId],
  )
  return Number(rows[0]?.n ?? 0)
}
