/**
 * Notifications are rows written in the transaction of the event that causes them (invariant 9):
 * none for a change that rolled back, none lost for one that committed. Delivery is replication
 * (every device of the user pulls them). Which event notifies whom is decided by the pure
 * `bookingNotifications`; the writers here only copy the facts a device needs to render the text.
 */
import { randomUUID } from 'node:crypto'
import type { Notification, NotificationKind } from '../../shared/notifications.js'
import type { Booking, Role } from '../../shared/schemas.js'
import { isActive } from '../../shared/availability.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { isoInstant } from './rowValues.js'
import type { BookingSeries } from '../../shared/bookingOperations.js'
import { encodeSeriesNotBooked, seriesNotBooked } from '../../shared/seriesNotBooked.js'

export interface NotificationTarget {
  userId: string
  kind: NotificationKind
  reason: string | null
}

type BookingFacts = Pick<Booking, 'customerId' | 'providerId' | 'status' | 'rejectionReason'>

/**
 * Who hears about a booking change. `before` null: the booking was just created; `after` null: it
 * was deleted. `actorRole` null: the server itself acted (a promotion from the waitlist).
 */
export function bookingNotifications(
  actorRole: Role | null,
  before: BookingFacts | null,
  after: BookingFacts | null,
): NotificationTarget[] {
  const booking = after ?? before
  if (!booking) return []
  const toCustomer = (kind: NotificationKind, reason: string | null = null) => [
    { userId: booking.customerId, kind, reason },
  ]
  const toProvider = (kind: NotificationKind) => [{ userId: booking.providerId, kind, reason: null }]

  if (before === null && after !== null) {
    if (after.status === 'REJECTED') return toCustomer('BOOKING_REJECTED', after.rejectionReason)
    if (after.status === 'PENDING') return toProvider('NEW_BOOKING_REQUEST')
    if (after.status === 'CONFIRMED') return toProvider('NEW_BOOKING')
    return []
  }
  if (before === null) return []
  const endsSeat = isActive(before.status) && (after === null || after.status === 'CANCELLED')
  if (after !== null && before.status === 'PENDING' && after.status === 'CONFIRMED') {
    return actorRole === 'provider' ? toCustomer('BOOKING_CONFIRMED') : []
  }
  if (!endsSeat) return []
  if (actorRole === 'customer') return toProvider('BOOKING_CANCELLED_BY_CUSTOMER')
  return toCustomer(before.status === 'PENDING' ? 'BOOKING_DECLINED' : 'BOOKING_CANCELLED_BY_PROVIDER')
}

export interface NotificationFacts {
  slotId: string
  bookingId: string | null
  /** Whose name the text shows: the customer's for a provider, the provider's for a customer. */
  otherPartyId: string | null
}

/** One notification row, with the slot's time and service name copied in (readable offline). */
export async function writeNotification(
  tx: Queryable,
  target: NotificationTarget,
  facts: NotificationFacts,
): Promise<void> {
  await tx.query(
    `INSERT INTO notifications (id, user_id, kind, slot_id, booking_id, start_time, service_name, other_party, reason)
     SELECT $1, $2, $3, s.id, $5, s.start_time, sv.name, (SELECT o.name FROM users o WHERE o.id = $6), $7
     FROM slots s JOIN services sv ON sv.id = s.service_id
     WHERE s.id = $4`,
    [
      randomUUID(),
      target.userId,
      target.kind,
      facts.slotId,
      facts.bookingId,
      facts.otherPartyId,
      target.reason,
    ],
  )
}

/** The notifications a booking change causes, written in the caller's transaction. */
export async function notifyBookingChange(
  tx: Queryable,
  actor: Actor | null,
  before: (BookingFacts & Pick<Booking, 'id' | 'slotId'>) | null,
  after: (BookingFacts & Pick<Booking, 'id' | 'slotId'>) | null,
  reason?: string,
): Promise<void> {
  const booking = after ?? before
  if (!booking) return
  for (const target of bookingNotifications(actor?.role ?? null, before, after)) {
    const otherPartyId = target.userId === booking.customerId ? booking.providerId : booking.customerId
    const told = reason ? { ...target, reason } : target
    await writeNotification(tx, told, { slotId: booking.slotId, bookingId: booking.id, otherPartyId })
  }
}

/**
 * Who hears about a weekly series' answer: its customer, when any week was not booked (the weeks and
 * why in `reason`); nobody when every week was (each booked week notifies as a single booking does).
 */
export function seriesNotifications(
  customerId: string,
  series: Pick<BookingSeries, 'mode' | 'occurrences'>,
): NotificationTarget[] {
  const notBooked = seriesNotBooked(series)
  if (!notBooked) return []
  return [{ userId: customerId, kind: 'SERIES_NOT_BOOKED', reason: encodeSeriesNotBooked(notBooked) }]
}

/** The notification a series' answer causes, written in the series' transaction (first slot's facts). */
export async function notifySeriesOutcome(
  tx: Queryable,
  actor: Actor,
  firstSlotId: string,
  series: Pick<BookingSeries, 'mode' | 'occurrences' | 'providerId'>,
): Promise<void> {
  for (const target of seriesNotifications(actor.userId, series)) {
    await writeNotification(tx, target, {
      slotId: firstSlotId,
      bookingId: null,
      otherPartyId: series.providerId,
    })
  }
}

/**
 * A provider changed or cancelled a slot: every customer holding a seat in it (and, for a
 * cancellation, everyone waiting for one) hears it, in one statement.
 */
export async function notifySlotCustomers(
  tx: Queryable,
  slotId: string,
  kind: Extract<NotificationKind, 'SLOT_CHANGED' | 'SLOT_CANCELLED'>,
  reason: string | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO notifications (id, user_id, kind, slot_id, booking_id, start_time, service_name, other_party, reason)
     SELECT gen_random_uuid(), t.customer_id, $2, s.id, t.booking_id, s.start_time, sv.name, p.name, $3
     FROM (SELECT b.customer_id, b.id AS booking_id FROM bookings b
           WHERE b.slot_id = $1 AND b.status IN ('PENDING', 'CONFIRMED') AND NOT b.deleted
           UNION ALL
           SELECT w.customer_id, NULL FROM waitlist w
           WHERE $2 = 'SLOT_CANCELLED' AND w.slot_id = $1 AND w.status = 'WAITING') t
     JOIN slots s ON s.id = $1 JOIN services sv ON sv.id = s.service_id JOIN users p ON p.id = s.provider_id`,
    [slotId, kind, reason],
  )
}

export const NOTIFICATION_COLUMNS = `n.id, n.user_id, n.kind, n.slot_id, n.booking_id, n.start_time, n.service_name,
  n.other_party, n.reason, n.read_at, n.created_at, n.updated_at, n.deleted`

export interface NotificationRow {
  id: string
  user_id: string
  kind: NotificationKind
  slot_id: string | null
  booking_id: string | null
  start_time: Date | string | null
  service_name: string | null
  other_party: string | null
  reason: string | null
  read_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
  deleted: boolean
}

export function notificationFromRow(row: NotificationRow): Notification & { deleted: boolean } {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    slotId: row.slot_id,
    bookingId: row.booking_id,
    startTime: row.start_time === null ? null : isoInstant(row.start_time),
    serviceName: row.service_name,
    otherParty: row.other_party,
    reason: row.reason,
    readAt: row.read_at === null ? null : isoInstant(row.read_at),
    createdAt: isoInstant(row.created_at),
    updatedAt: isoInstant(row.updated_at),
    deleted: row.deleted,
  }
}

/** The user's notifications, newest first (tombstones excluded). */
export async function listNotifications(tx: Queryable, actor: Actor, limit = 100): Promise<Notification[]> {
  const { rows } = await tx.query<NotificationRow>(
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications n
     WHERE n.user_id = $1 AND NOT n.deleted ORDER BY n.created_at DESC, n.id LIMIT $2`,
    [actor.userId, limit],
  )
  return rows.map((row) => {
    const { deleted: _deleted, ...notification } = notificationFromRow(row)
    return notification
  })
}

/**
 * Marks the user's notification read. The first read wins (a later mark changes nothing), so
 * devices marking it in any order agree. Refused as NOT_FOUND when it is not theirs.
 */
export async function markNotificationRead(
  tx: Queryable,
  actor: Actor,
  id: string,
  readAt: string,
): Promise<Outcome<Notification>> {
  await tx.query(
    `UPDATE notifications SET read_at = LEAST($3::timestamptz, now())
     WHERE id = $1 AND user_id = $2 AND NOT deleted AND read_at IS NULL`,
    [id, actor.userId, readAt],
  )
  const { rows } = await tx.query<NotificationRow>(
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications n WHERE n.id = $1 AND n.user_id = $2 AND NOT n.deleted`,
    [id, actor.userId],
  )
  if (!rows[0]) return refused(ErrorCode.NOT_FOUND, { id }, 'No such notification.')
  const { deleted: _deleted, ...notification } = notificationFromRow(rows[0])
  return accepted(notification)
}

/** A user dismissing a notification on one device removes it from all of them (a tombstone). */
export async function dismissNotification(tx: Queryable, actor: Actor, id: string): Promise<void> {
  await tx.query('UPDATE notifications SET deleted = true WHERE id = $1 AND user_id = $2 AND NOT deleted', [
    id,
    actor.userId,
  ])
}

/** Retention: older notifications become tombstones, which devices pull as deletions. */
export async function pruneNotifications(tx: Queryable, retentionDays: number): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE notifications SET deleted = true
     WHERE NOT deleted AND created_at < now() - make_interval(days => $1::int)`,
    [retentionDays],
  )
  return rowCount
}
