/**
 * RxDB JSON schemas, derived from the shared zod document schemas (one source of truth). RxDB
 * additionally needs a maxLength on the primary key and on every indexed string, and a version.
 */
import type { RxJsonSchema } from 'rxdb'
import { z } from 'zod'
import { NotificationDoc } from '../../shared/notifications.js'
import { BookingDoc, SlotDoc } from '../../shared/replication.js'
import { seatTag } from '../../shared/seatTags.js'
import { WaitlistDoc } from '../../shared/waitlist.js'

/** Longest value of the indexed fields: a uuid (36) and an ISO instant with offset (at most 35). */
const INDEXED_MAX_LENGTH = { id: 36, uuid: 36, instant: 40 } as const

interface JsonSchemaObject {
  properties: Record<string, Record<string, unknown>>
  required?: string[]
}

function rxSchemaFrom<T>(
  doc: z.ZodObject,
  version: number,
  indexed: Record<string, keyof typeof INDEXED_MAX_LENGTH>,
  indexes: (string | string[])[],
): RxJsonSchema<T> {
  const json = z.toJSONSchema(doc, { target: 'draft-7', io: 'output' }) as unknown as JsonSchemaObject
  const properties = { ...json.properties }
  for (const [field, kind] of Object.entries({ id: 'id' as const, ...indexed })) {
    properties[field] = { ...properties[field], maxLength: INDEXED_MAX_LENGTH[kind] }
  }
  return {
    version,
    primaryKey: 'id',
    type: 'object',
    properties,
    required: json.required ?? [],
    indexes,
  } as unknown as RxJsonSchema<T>
}

/** Version 1 replaced `heldBy` (the ids of the bookings the viewer could see) by `seatTags`. */
export const slotRxSchema = rxSchemaFrom<SlotDoc>(SlotDoc, 1, { providerId: 'uuid', startTime: 'instant' }, [
  'startTime',
  ['providerId', 'startTime'],
])

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

/** Version 1 added `customerName`; version 2 `reference` and the optional `statusReason`. */
export const bookingRxSchema = rxSchemaFrom<BookingDoc>(
  BookingDoc,
  2,
  { slotId: 'uuid', customerId: 'uuid', startTime: 'instant' },
  ['slotId', 'startTime'],
)

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
}

export const waitlistRxSchema = rxSchemaFrom<WaitlistDoc>(
  WaitlistDoc,
  0,
  { slotId: 'uuid', joinedAt: 'instant' },
  ['slotId', ['slotId', 'joinedAt']],
)

/** Version 1 added the kinds BOOKING_RESCHEDULED and BOOKING_NOT_MOVED (enum values: stored documents are unchanged). */
export const notificationRxSchema = rxSchemaFrom<NotificationDoc>(
  NotificationDoc,
  1,
  { createdAt: 'instant' },
  ['createdAt'],
)

export const notificationMigrationStrategies = {
  1: (doc: NotificationDoc): NotificationDoc => doc,
}
