/**
 * How a slot row is read: one select list + FROM fragment (with provider and service names joined
 * in) shared by the REST routes and the replication pull, and the mapping to the shared Slot shape.
 */
import { bookingRefusal, slotFlags } from '../../shared/availability.js'
import type { Slot } from '../../shared/schemas.js'
import { isoInstant } from './rowValues.js'

/** Select list for a slot; use with SLOT_FROM (aliases: s = slots, p = provider, sv = service). */
export const SLOT_COLUMNS = `s.id, s.provider_id, p.name AS provider_name, s.service_id, sv.name AS service_name,
  s.start_time, s.end_time, s.max_bookings, s.current_bookings, s.blocked, s.deleted, s.updated_at, s.change_xid`

export const SLOT_FROM =
  'slots s JOIN users p ON p.id = s.provider_id JOIN services sv ON sv.id = s.service_id'

export interface SlotRow {
  id: string
  provider_id: string
  provider_name: string
  service_id: string
  service_name: string
  start_time: Date | string
  end_time: Date | string
  max_bookings: number
  current_bookings: number
  blocked: boolean
  deleted: boolean
  updated_at: Date | string
}

/** Flags are computed at read time from the counters (invariant 2, docs/INVARIANTS.md), relative to `now`. */
export function slotFromRow(row: SlotRow, now: Date): Slot & { deleted: boolean } {
  const startTime = isoInstant(row.start_time)
  const counters = {
    currentBookings: Number(row.current_bookings),
    maxBookings: Number(row.max_bookings),
    blocked: row.blocked,
    startTime,
  }
  const flags = slotFlags(counters, now)
  return {
    id: row.id,
    providerId: row.provider_id,
    providerName: row.provider_name,
    serviceId: row.service_id,
    serviceName: row.service_name,
    startTime,
    endTime: isoInstant(row.end_time),
    maxBookings: counters.maxBookings,
    currentBookings: counters.currentBookings,
    isBooked: flags.isBooked,
    // A deleted slot is never available, whatever its counters say.
    isAvailable: flags.isAvailable && !row.deleted,
    blocked: row.blocked,
    updatedAt: isoInstant(row.updated_at),
    deleted: row.deleted,
  }
}

/** The columns of a slot row that decide whether a seat can be taken now (with the database's clock). */
export interface SeatRow {
  blocked: boolean
  deleted: boolean
  start_time: Date | string
  current_bookings: number
  max_bookings: number
  db_now: Date | string
}

/** Why no seat can be taken in this slot row now (SLOT_FULL included), or null when one is free. */
export function seatRefusalOf(row: SeatRow) {
  return bookingRefusal(
    {
      blocked: row.blocked || row.deleted,
      startTime: new Date(row.start_time).toISOString(),
      currentBookings: row.current_bookings,
      maxBookings: row.max_bookings,
    },
    new Date(row.db_now),
  )
}
