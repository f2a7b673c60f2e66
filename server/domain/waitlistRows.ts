/**
 * How a waitlist entry row is read (alias w = waitlist). The position is computed in the
 * reading statement, from the same snapshot as the status, so a device never sees a stale pair.
 */
import type { WaitlistEntry, WaitlistRefusalCode, WaitlistStatus } from '../../shared/waitlist.js'
import { isoInstant } from './rowValues.js'

export const WAITLIST_COLUMNS = `w.id, w.slot_id, w.provider_id, w.customer_id,
  (SELECT u.name FROM users u WHERE u.id = w.customer_id) AS customer_name, w.start_time, w.status,
  w.rejection_reason, w.booking_id, w.joined_at, w.updated_at, w.deleted,
  CASE WHEN w.status = 'WAITING' THEN
    (SELECT count(*) FROM waitlist q
     WHERE q.slot_id = w.slot_id AND q.status = 'WAITING' AND (q.joined_at, q.id) <= (w.joined_at, w.id))::int
  END AS position`

export interface WaitlistRow {
  id: string
  slot_id: string
  provider_id: string
  customer_id: string
  customer_name: string
  start_time: Date | string
  status: WaitlistStatus
  rejection_reason: WaitlistRefusalCode | null
  booking_id: string | null
  joined_at: Date | string
  updated_at: Date | string
  deleted: boolean
  position: number | null
}

export function waitlistEntryFromRow(row: WaitlistRow): WaitlistEntry & { deleted: boolean } {
  return {
    id: row.id,
    slotId: row.slot_id,
    providerId: row.provider_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    startTime: isoInstant(row.start_time),
    status: row.status,
    rejectionReason: row.rejection_reason,
    bookingId: row.booking_id,
    joinedAt: isoInstant(row.joined_at),
    position: row.position === null ? null : Number(row.position),
    updatedAt: isoInstant(row.updated_at),
    deleted: row.deleted,
  }
}

export function publicWaitlistEntry(entry: WaitlistEntry & { deleted: boolean }): WaitlistEntry {
  const { deleted: _deleted, ...rest } = entry
  return rest
}
