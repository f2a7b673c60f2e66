/**
 * What a user's calendar shows, and the private feed tokens that let a calendar app fetch it.
 * Customers see their active and completed bookings (and, for a single download, any booking of
 * theirs, with its status); providers see their slots that hold bookings, with who booked and who is
 * still waiting for an answer. Times are UTC instants: calendar apps show them in the reader's zone.
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
   * The event's SEQUENCE: larger after every change of it (a move, a status change), so a calendar app
   * that already holds the UID takes the new version instead of keeping the old time (calendarSequence).
   */
  sequence: number
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
  created_at: Date | string
  updated_at: Date | string
  organisation: string
}

/** A provider's slot with its bookings: those confirmed (or completed) apart from the requests. */
interface SlotRow {
  id: string
  start_time: Date | string
  end_time: Date | string
  service_name: string
  booked: number
  requests: number
  booked_by: string | null
  requested_by: string | null
  updated_at: Date | string
  organisation: string
}

/** SEQUENCE is a 32-bit integer in calendar apps. */
const MAX_SEQUENCE = 2_147_483_647

/** Slots have no creation time: their events count from here (seconds fit 32 bits until 2088). */
const SLOT_SEQUENCE_EPOCH = Date.UTC(2020, 0, 1)

/**
 * An event's SEQUENCE from its row's times, without a stored counter: `updatedAt` (stamped on every
 * change) only grows, so the time since `since` does too. A booking counts tenths of a second since
 * it was created (0 as created; a move made within the second still raises it; 32 bits last 6.8
 * years), a slot's event whole seconds since SLOT_SEQUENCE_EPOCH.
 */
export function calendarSequence(updatedAt: Date, since: Date, unitMs: number): number {
  const units = Math.ceil((updatedAt.getTime() - since.getTime()) / unitMs)
  return Math.min(MAX_SEQUENCE, Math.max(0, units))
}

/** How far back the feed reaches: calendar apps keep what they already have. */
const FEED_HISTORY_DAYS = 31

/**
 * The statuses a feed shows: the active ones, and COMPLETED, because a completed session happened
 * (and a provider may mark it while it is still running): dropping it would erase it from the
 * calendar apps that subscribe.
 */
const FEED_STATUSES = `('PENDING', 'CONFIRMED', 'COMPLETED')`

const CUSTOMER_BOOKINGS = `
  SELECT b.id, s.start_time, s.end_time, sv.name AS service_name, p.name AS other_name, b.reference,
         b.status, b.created_at, b.updated_at, o.name AS organisation
  FROM bookings b
  JOIN slots s ON s.id = b.slot_id
  JOIN services sv ON sv.id = b.service_id
  JOIN users p ON p.id = b.provider_id
  JOIN organisations o ON o.id = b.organisation_id
  WHERE ${bookingScope('customer', 'b')} AND NOT b.deleted`

const WHO = `c.name || ' (' || b.reference || ')'`

// Counted from the bookings, not the slot's counter: COMPLETED frees its seat but still happened.
// The event changes whenever one of its bookings does, so its last-modified follows them too.
const PROVIDER_SLOTS = `
  SELECT s.id, s.start_time, s.end_time, sv.name AS service_name,
         count(*) FILTER (WHERE b.status <> 'PENDING')::int AS booked,
         count(*) FILTER (WHERE b.status = 'PENDING')::int AS requests,
         string_agg(${WHO}, ', ' ORDER BY c.name) FILTER (WHERE b.status <> 'PENDING') AS booked_by,
         string_agg(${WHO}, ', ' ORDER BY c.name) FILTER (WHERE b.status = 'PENDING') AS requested_by,
         greatest(s.updated_at, max(b.updated_at)) AS updated_at, o.name AS organisation
  FROM slots s
  JOIN services sv ON sv.id = s.service_id
  JOIN organisations o ON o.id = s.organisation_id
  JOIN bookings b ON b.slot_id = s.id AND b.status IN ${FEED_STATUSES} AND NOT b.deleted
  JOIN users c ON c.id = b.customer_id
  WHERE ${slotScope('provider', 's')} AND NOT s.deleted AND s.start_time > now() - make_interval(days => $2)
  GROUP BY s.id, sv.name, o.name`

/** The user's feed in the current organisation: customers' bookings, providers' booked slots. */
export async function calendarEntries(tx: Queryable, actor: Actor): Promise<CalendarEntry[]> {
  if (actor.role !== 'customer') {
    const { rows } = await tx.query<SlotRow>(`${PROVIDER_SLOTS} ORDER BY s.start_time`, [
      actor.userId,
      FEED_HISTORY_DAYS,
    ])
    return rows.map(slotEntryFromRow)
  }
  const { rows } = await tx.query<EntryRow>(
    `${CUSTOMER_BOOKINGS} AND b.status IN ${FEED_STATUSES}
       AND s.start_time > now() - make_interval(days => $2) ORDER BY s.start_time`,
    [actor.userId, FEED_HISTORY_DAYS],
  )
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
            b.created_at, b.updated_at, o.name AS organisation
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

/** How many booked and how many still asked for, e.g. "1 booked, 1 request"; a count of none is left out. */
function slotBookingsSummary(booked: number, requests: number): string {
  const parts = [
    booked > 0 ? `${booked} booked` : null,
    requests > 0 ? `${requests} ${requests === 1 ? 'request' : 'requests'}` : null,
  ]
  return parts.filter((part) => part !== null).join(', ')
}

function slotEntryFromRow(row: SlotRow): CalendarEntry {
  const who = [
    row.booked_by ? `Booked by: ${row.booked_by}` : null,
    row.requested_by ? `Requested by (not confirmed yet): ${row.requested_by}` : null,
  ]
  return {
    uid: `slot-${row.id}@uniservice-bookings`,
    start: new Date(row.start_time),
    end: new Date(row.end_time),
    updatedAt: new Date(row.updated_at),
    sequence: calendarSequence(new Date(row.updated_at), new Date(SLOT_SEQUENCE_EPOCH), 1000),
    organisation: row.organisation,
    title: `${row.service_name} (${slotBookingsSummary(row.booked, row.requests)})`,
    description: who.filter((line) => line !== null).join('\n'),
    // Only requests: the session may not happen, as a customer's own request is TENTATIVE.
    status: row.booked > 0 ? 'CONFIRMED' : 'TENTATIVE',
  }
}

function entryFromRow(actor: Actor, row: EntryRow): CalendarEntry {
  const withWhom = actor.role === 'customer' ? `with ${row.other_name}` : `for ${row.other_name}`
  return {
    uid: `booking-${row.id}@uniservice-bookings`,
    start: new Date(row.start_time),
    end: new Date(row.end_time),
    updatedAt: new Date(row.updated_at),
    sequence: calendarSequence(new Date(row.updated_at), new Date(row.created_at), 100),
    organisation: row.organisation,
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
