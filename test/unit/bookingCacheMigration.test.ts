/**
 * A device that cached bookings before they carried the customer's name opens the new schema
 * without losing any (its own unpushed bookings above all); the name stays empty until the server
 * sends the booking again (see client/data/documentSchemas.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { type RxCollection, type RxJsonSchema, createRxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { expect, it } from 'vitest'
import { openClientDatabase } from '../../client/data/database.js'
import { bookingRxSchema } from '../../client/data/documentSchemas.js'

it('migrates cached bookings through every schema version (customerName, reference, declined), keeping unpushed ones', async () => {
  const indexedDB = new IDBFactory()
  const name = `bookingmigration_${Date.now()}`
  const stamp = new Date().toISOString()
  const unpushed = {
    id: crypto.randomUUID(),
    slotId: crypto.randomUUID(),
    providerId: crypto.randomUUID(),
    serviceId: crypto.randomUUID(),
    customerId: crypto.randomUUID(),
    startTime: stamp,
    status: 'PENDING',
    rejectionReason: null,
    notes: 'made offline',
    createdAt: stamp,
    updatedAt: stamp,
    rev: null,
    localPending: true,
  }
  // The bookings schema as version 0 shipped it: no customerName (added in 1), no reference (2), no
  // declined (4).
  const {
    customerName: _added,
    reference: _addedLater,
    declined: _addedLast,
    ...properties
  } = bookingRxSchema.properties
  const version0 = {
    ...bookingRxSchema,
    version: 0,
    properties,
    required: (bookingRxSchema.required as string[]).filter(
      (field) => field !== 'customerName' && field !== 'reference' && field !== 'declined',
    ),
  } as unknown as RxJsonSchema<typeof unpushed>
  const old = await createRxDatabase<{ bookings: RxCollection<typeof unpushed> }>({
    name,
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
  })
  await old.addCollections({ bookings: { schema: version0 } })
  await old.bookings.insert(unpushed)
  await old.close()

  const db = await openClientDatabase({ name, indexedDB, IDBKeyRange, devMode: true })
  try {
    const migrated = await db.bookings.findOne(unpushed.id).exec()
    expect(migrated?.toJSON()).toEqual({ ...unpushed, customerName: '', reference: '', declined: false })
  } finally {
    await db.close()
  }
})
