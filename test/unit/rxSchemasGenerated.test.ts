/**
 * The app opens its database with the RxDB schemas generated ahead of time (client/data/rxSchemas.generated.ts);
 * they must be exactly what the shared zod document schemas derive, or a device would store documents
 * by an outdated shape. When this fails after a schema change: `npx tsx scripts/generateRxSchemas.ts`.
 */
import { expect, it } from 'vitest'
import { deriveRxSchemas } from '../../client/data/rxSchemaDerivation.js'
import * as generated from '../../client/data/rxSchemas.generated.js'

it('the generated RxDB schemas are the ones the zod document schemas derive', () => {
  const derived = deriveRxSchemas()
  expect({
    slot: generated.slotJsonSchema,
    booking: generated.bookingJsonSchema,
    waitlist: generated.waitlistJsonSchema,
    notification: generated.notificationJsonSchema,
  }).toEqual(derived)
})
