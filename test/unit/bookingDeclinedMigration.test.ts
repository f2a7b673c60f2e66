/**
 * Booking schema version 4 added `declined` (the provider declined the request). A device that cached
 * bookings under version 3 opens the new schema with every booking kept, `declined` false (the server
 * re-stamps the bookings its migration 028 marks declined, so the next pull brings those), and its own
 * unpushed cancel still waiting to be pushed (client/data/documentSchemas.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { type RxCollection, type RxJsonSchema, addRxPlugin, createRxDatabase } from 'rxdb'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { expect, it } from 'vitest'
import { openClientDatabase } from '../../client/data/database.js'
import { bookingRxSchema } from '../../client/data/documentSchemas.js'

it('migrates version 3 bookings to version 4 with declined false, keeping unpushed changes', async () => {
  const indexedDB = new IDBFactory()
  const name = `bookingdeclined_${Date.now()}`
  const stamp = new Date().toISOString()
  const cached = (status: string, fields: Record<string, unknown> = {}) => ({
    id: crypto.randomUUID(),
    slotId: crypto.randomUUID(),
    providerId: crypto.randomUUID(),
    serviceId: crypto.randomUUID(),
    customerId: crypto.randomUUID(),
    customerName: 'Carla',
    reference: 'UNI-7K3Q2M',
    startTime: stamp,
    status,
    rejectionReason: null,
    notes: '',
    createdAt: stamp,
    updatedAt: stamp,
    rev: '7',
    ...fields,
  })
  const fromServer = cached('CANCELLED', { statusReason: 'Closed that day' })
  const cancelledHere = cached('CANCELLED', { localPending: true })
  const { declined: _added, ...properties } = bookingRxSchema.properties
  const version3 = {
    ...bookingRxSchema,
    version: 3,
    properties,
    required: (bookingRxSchema.required as string[]).filter((field) => field !== 'declined'),
  } as unknown as RxJsonSchema<ReturnType<typeof cached>>
  const old = await createRxDatabase<{ bookings: RxCollection<ReturnType<typeof cached>> }>({
    name,
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
  })
  // A version-3 collection is declared with its migrations from 0 (the documents were written at 3).
  addRxPlugin(RxDBMigrationSchemaPlugin)
  const unchanged = (doc: unknown) => doc
  await old.addCollections({
    bookings: { schema: version3, migrationStrategies: { 1: unchanged, 2: unchanged, 3: unchanged } },
  })
  await old.bookings.bulkInsert([fromServer, cancelledHere])
  await old.close()

  const db = await openClientDatabase({ name, indexedDB, IDBKeyRange, devMode: true })
  try {
    const read = async (id: string) => (await db.bookings.findOne(id).exec())?.toJSON()
    expect(await read(fromServer.id)).toEqual({ ...fromServer, declined: false })
    expect(await read(cancelledHere.id)).toEqual({ ...cancelledHere, declined: false })
  } finally {
    await db.close()
  }
})
