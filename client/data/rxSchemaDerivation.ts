/**
 * How the RxDB JSON schemas are derived from the shared zod document schemas (one source of truth).
 * RxDB additionally needs a maxLength on the primary key and on every indexed string, and a version.
 *
 * Deriving them (zod's toJSONSchema) cost a long task at every start of the signed-in app, so the
 * result is generated ahead of time into rxSchemas.generated.ts (`npx tsx scripts/generateRxSchemas.ts`)
 * and test/unit/rxSchemasGenerated.test.ts fails when it no longer matches what this derives.
 * Only the generator and that test import this module; the app imports the generated file.
 */
import { z } from 'zod'
import { NotificationDoc } from '../../shared/notifications.js'
import { BookingDoc, SlotDoc } from '../../shared/replication.js'
import { WaitlistDoc } from '../../shared/waitlist.js'

/** Longest value of the indexed fields: a uuid (36) and an ISO instant with offset (at most 35). */
const INDEXED_MAX_LENGTH = { id: 36, uuid: 36, instant: 40 } as const

interface JsonSchemaObject {
  properties: Record<string, Record<string, unknown>>
  required?: string[]
}

export interface DerivedRxSchema {
  version: number
  primaryKey: 'id'
  type: 'object'
  properties: Record<string, Record<string, unknown>>
  required: string[]
  indexes: (string | string[])[]
}

function rxSchemaFrom(
  doc: z.ZodObject,
  version: number,
  indexed: Record<string, keyof typeof INDEXED_MAX_LENGTH>,
  indexes: (string | string[])[],
): DerivedRxSchema {
  const json = z.toJSONSchema(doc, { target: 'draft-7', io: 'output' }) as unknown as JsonSchemaObject
  const properties = { ...json.properties }
  for (const [field, kind] of Object.entries({ id: 'id' as const, ...indexed })) {
    properties[field] = { ...properties[field], maxLength: INDEXED_MAX_LENGTH[kind] }
  }
  return { version, primaryKey: 'id', type: 'object', properties, required: json.required ?? [], indexes }
}

/** The four collections' schemas; a version changes with a migration strategy in documentSchemas.ts. */
export function deriveRxSchemas(): Record<'slot' | 'booking' | 'waitlist' | 'notification', DerivedRxSchema> {
  return {
    // Version 1 replaced `heldBy` by `seatTags`.
    slot: rxSchemaFrom(SlotDoc, 1, { providerId: 'uuid', startTime: 'instant' }, [
      'startTime',
      ['providerId', 'startTime'],
    ]),
    // Version 1 added `customerName`; version 2 `reference` and the optional `statusReason`; version 3
    // the rejection reason ALREADY_BOOKED; version 4 `declined`.
    booking: rxSchemaFrom(BookingDoc, 4, { slotId: 'uuid', customerId: 'uuid', startTime: 'instant' }, [
      'slotId',
      'startTime',
    ]),
    waitlist: rxSchemaFrom(WaitlistDoc, 0, { slotId: 'uuid', joinedAt: 'instant' }, [
      'slotId',
      ['slotId', 'joinedAt'],
    ]),
    // Version 1 added the kinds BOOKING_RESCHEDULED and BOOKING_NOT_MOVED, version 2 BOOKING_NOT_CHANGED,
    // version 3 SERIES_NOT_BOOKED, version 4 WEBHOOK_DISABLED.
    notification: rxSchemaFrom(NotificationDoc, 4, { createdAt: 'instant' }, ['createdAt']),
  }
}
