/**
 * RxDB JSON schemas, derived from the shared zod document schemas (one source of truth) ahead of time
 * (rxSchemaDerivation.ts, generated into rxSchemas.generated.ts so no start pays for deriving them),
 * and the migrations from each earlier version.
 */
import type { RxJsonSchema } from 'rxdb'
import type { NotificationDoc } from '../../shared/notifications.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import { seatTag } from '../../shared/seatTags.js'
import type { WaitlistDoc } from '../../shared/waitlist.js'
import {
  bookingJsonSchema,
  notificationJsonSchema,
  slotJsonSchema,
  waitlistJsonSchema,
} from './rxSchemas.generated.js'

/** Version 1 replaced `heldBy` (the ids of the bookings the viewer could see) by `seatTags`. */
export const slotRxSchema = slotJsonSchema as unknown as RxJsonSchema<SlotDoc>

/**
 * A cached slot's `heldBy` named exactly the device's own active bookings its counter included, which
 * is all a device needs of the seat tags (it only looks up its own bookings), so the cached counter
 * stays exact until the next pull brings the full list.
 */
export const slotMigrationStrategies = {
  1: ({ heldBy, ...doc }: Omit<SlotDoc, 'seatTags'> & { heldBy?: string[] }): SlotDoc => ({
    ...doc,
    seatTags: (heldBy ?? []).map(seatTag).sort(),
  }),
}

/**
 * Version 1 added `customerName`; version 2 `reference` and the optional `statusReason`; version 3 the
 * rejection reason ALREADY_BOOKED; version 4 `declined`.
 */
export const bookingRxSchema = bookingJsonSchema as unknown as RxJsonSchema<BookingDoc>

/**
 * The local bookings are a cache of the server's, except the device's own unpushed writes, which must
 * survive (invariant 3, docs/INVARIANTS.md); so documents are kept and an unknown name is left empty rather than the cache
 * dropped. RxDB carries the pull checkpoint over the migration, so the server re-sends the names:
 * its migration 002 re-stamps every booking, which puts them all in each device's next pull.
 */
export const bookingMigrationStrategies = {
  1: (doc: Omit<BookingDoc, 'customerName'> & { customerName?: string }): BookingDoc => ({
    ...doc,
    customerName: doc.customerName ?? '',
  }),
  // The server's migration 007 re-stamps every booking, so the next pull brings each reference
  // (and any status reason: a booking without one simply has none).
  2: (doc: Omit<BookingDoc, 'reference'> & { reference?: string }): BookingDoc => ({
    ...doc,
    reference: doc.reference ?? '',
  }),
  // A new enum value (invariant 12: one seat per customer per slot): stored documents are unchanged.
  3: (doc: BookingDoc): BookingDoc => doc,
  // `declined` (the provider declined the request). False until told otherwise: the server's migration
  // 028 re-stamps the bookings it marks declined, so the next pull brings them; every other cached
  // booking, and any the device made itself, was not declined.
  4: (doc: Omit<BookingDoc, 'declined'> & { declined?: boolean }): BookingDoc => ({
    ...doc,
    declined: doc.declined ?? false,
  }),
}

export const waitlistRxSchema = waitlistJsonSchema as unknown as RxJsonSchema<WaitlistDoc>

/**
 * Version 1 added the kinds BOOKING_RESCHEDULED and BOOKING_NOT_MOVED, version 2 BOOKING_NOT_CHANGED,
 * version 3 SERIES_NOT_BOOKED, version 4 WEBHOOK_DISABLED (enum values: stored documents are unchanged).
 */
export const notificationRxSchema = notificationJsonSchema as unknown as RxJsonSchema<NotificationDoc>

export const notificationMigrationStrategies = {
  1: (doc: NotificationDoc): NotificationDoc => doc,
  2: (doc: NotificationDoc): NotificationDoc => doc,
  3: (doc: NotificationDoc): NotificationDoc => doc,
  4: (doc: NotificationDoc): NotificationDoc => doc,
}
