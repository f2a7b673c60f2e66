/**
 * What a user's calendar shows, and the private feed tokens that let a calendar app fetch it.
 * Customers see their active bookings (and, for a single download, any booking of theirs, with its
 * status); providers see their slots that hold bookings, with who booked. Times are UTC instants:
 * calendar apps show them in the reader's zone.
 */
import { createHash, randomBytes } from 'node:crypto'
import { bookingScope, slotScope } from '../../shared/policy.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'

export interface CalendarEntry {
  /** Stable across feed refreshes, so calendar apps update an event instead of duplicating it. */
  uid: string
  start: Date
  end: Date
  title: string
  description: string
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'
  updatedAt: Date
  /**
   * The organisation the event is with: its LOCATION, in a single booking's download as in the
   * private feed (which spans the user's organisations).
   */
  organisation: string
}

interface EntryRow {
  id: string
  start_time: Date | string
  end_time: Date | string
  service_name: string
  other_name: string
  reference: string
  status: string
  updated_at: Date | string
  booked: number | null
  organisation: string
}

/** How far back the feed reaches: calendar apps keep what they already have. */
const FEED_HISTORY_DAYS = 31

const CUSTOMER_BOOKINGS = `
  SELECT b.id, s.start_time, s.end_time, sv.name AS service_name, p.name AS other_name, b.reference,
         b.status, b.updated_at, NULL::int AS booked, o.name AS organisation
  FROM bookings b
  JOIN slots s ON s.id = b.slot_id
  JOIN services sv ON sv.id = b.service_id
  JOIN users p ON p.id = b.provider_id
  JOIN organisations o ON o.id = b.organisation_id
  WHERE ${bookingScope('customer', 'b')} AND NOT b.deleted`

const PROVIDER_SLOTS = `
  SELECT s.id, s.start_time, s.end_time, sv.name AS service_name,
         string_agg(c.name || ' (' || b.reference || ')', ', ' ORDER BY c.name) AS other_name,
         '' AS reference, 'CONFIRMED' AS status, s.updated_at, s.current_bookings AS booked,
         o.name AS organisation
  FROM slots s
  JOIN services sv ON sv.id = s.service_id
  JOIN organisations o ON o.id = s.organisation_id
  JOIN bookings b ON b.slot_id = s.id AND b.status IN ('PENDING', 'CONFIRMED') AND NOT b.deleted
  JOIN users c ON c.id = b.customer_id
  WHERE ${slotScope('provider', 's')} AND NOT s.deleted AND s.start_time > now() - make_interval(days => $2)
  GROUP BY s.id, sv.name, o.name`

/** The user's feed in the current organisation: customers' active bookings, providers' booked slots. */
export async function calendarEntries(tx: Queryable, actor: Actor): Promise<CalendarEntry[]> {
  const { rows } =
    actor.role === 'customer'
      ? await tx.query<EntryRow>(
          `${CUSTOMER_BOOKINGS} AND b.status IN ('PENDING', 'CONFIRMED')
             AND s.start_time > now() - make_interval(days => $2) ORDER BY s.start_time`,
          [actor.userId, FEED_HISTORY_DAYS],
        )
      : await tx.query<EntryRow>(`${PROVIDER_SLOTS} ORDER BY s.start_time`, [actor.userId, FEED_HISTORY_DAYS])
  return rows.map((row) => entryFromRow(actor, row))
}

/** One booking the actor may see (the customer's own, or one on the provider's slot); null otherwise. */
export async function bookingCalendarEntry(
  tx: Queryable,
  actor: Actor,
  bookingId: string,
): Promise<CalendarEntry | null> {
  const { rows } = await tx.query<EntryRow>(
    `SELECT b.id, s.start_time, s.end_time, sv.name AS service_name,
            CASE WHEN $3 = 'customer' THEN p.name ELSE c.name END AS other_name, b.reference, b.status,
            b.updated_at, NULL::int AS booked, o.name AS organisation
     FROM bookings b
     JOIN slots s ON s.id = b.slot_id
     JOIN services sv ON sv.id = b.service_id
     JOIN users p ON p.id = b.provider_id
     JOIN users c ON c.id = b.customer_id
     JOIN organisations o ON o.id = b.organisation_id
     WHERE b.id = $2 AND ${bookingScope(actor.role, 'b')} AND NOT b.deleted`,
    [actor.userId, bookingId, actor.role],
  )
  return rows[0] ? entryFromRow(actor, rows[0]) : null
}

function entryFromRow(actor: Actor, row: EntryRow): CalendarEntry {
  const base = {
    start: new Date(row.start_time),
    end: new Date(row.end_time),
    updatedAt: new Date(row.updated_at),
    organisation: row.organisation,
  }
  if (row.booked !== null) {
    return {
      ...base,
      uid: `slot-${row.id}@uniservice-bookings`,
      title: `${row.service_name} (${row.booked} booked)`,
      description: `Booked by: ${row.other_name}`,
      status: 'CONFIRMED',
    }
  }
  const withWhom = actor.role === 'customer' ? `with ${row.other_name}` : `for ${row.other_name}`
  return {
    ...base,
    uid: `booking-${row.id}@uniservice-bookings`,
    title: `${row.service_name} ${withWhom}`,
    description: `Booking reference ${row.reference} (${row.status.toLowerCase()})`,
    status:
      row.status === 'CONFIRMED' || row.status === 'COMPLETED'
        ? 'CONFIRMED'
        : row.status === 'PENDING'
          ? 'TENTATIVE'
          : 'CANCELLED',
  }
}

function feedTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A new private feed token for the user (the previous one stops working). Only its hash is stored. */
export async function rotateCalendarFeed(tx: Queryable, actor: Actor): Promise<string> {
  const token = randomBytes(24).toString('base64url')
  await tx.query(
    `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
    [actor.userId, feedTokenHash(token)],
  )
  return token
}

export async function revokeCalendarFeed(tx: Queryable, actor: Actor): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM calendar_feeds WHERE user_id = $1', [actor.userId])
  return rowCount > 0
}

export async function calendarFeedStatus(tx: Queryable, actor: Actor): Promise<{ createdAt: string } | null> {
  const { rows } = await tx.query<{ created_at: Date | string }>(
    'SELECT created_at FROM calendar_feeds WHERE user_id = $1',
    [actor.userId],
  )
  return rows[0] ? { createdAt: new Date(rows[0].created_at).toISOString() } : null
}

/** Whose feed a token opens (a user id); null for an unknown or revoked token. */
export async function calendarFeedOwner(tx: Queryable, token: string): Promise<string | null> {
  const { rows } = await tx.query<{ user_id: string }>(
    'SELECT user_id FROM calendar_feeds WHERE token_hash = $1',
    [feedTokenHash(token)],
  )
  return rows[0]?.user_id ?? null
}
