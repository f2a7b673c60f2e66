/**
 * A device that cached slots while they carried `heldBy` (its own bookings' ids) opens the new schema
 * with the seat tags of those bookings, so its optimistic counter stays exact before the next pull
 * (see client/data/documentSchemas.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { type RxCollection, type RxJsonSchema, createRxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { expect, it } from 'vitest'
import { openClientDatabase } from '../../client/data/database.js'
import { slotRxSchema } from '../../client/data/documentSchemas.js'
import { displayedBookings } from '../../shared/availability.js'
import { seatTag } from '../../shared/seatTags.js'

it('migrates cached slots from heldBy ids to seat tags, keeping the counter exact', async () => {
  const indexedDB = new IDBFactory()
  const name = `slotmigration_${Date.now()}`
  const stamp = new Date(Date.now() + 86_400_000).toISOString()
  const own = crypto.randomUUID()
  const { seatTags: _replaced, ...properties } = slotRxSchema.properties as Record<string, unknown>
  const cached = {
    id: crypto.randomUUID(),
    providerId: crypto.randomUUID(),
    providerName: 'Dr Who',
    serviceId: crypto.randomUUID(),
    serviceName: 'Checkup',
    startTime: stamp,
    endTime: stamp,
    maxBookings: 3,
    currentBookings: 2,
    isBooked: false,
    isAvailable: true,
    blocked: false,
    updatedAt: stamp,
    rev: '42',
    heldBy: [own],
  }
  // The slots schema as version 0 shipped it: heldBy instead of seatTags.
  const version0 = {
    ...slotRxSchema,
    version: 0,
    properties: { ...properties, heldBy: { type: 'array', items: { type: 'string' } } },
    required: (slotRxSchema.required as string[]).map((field) => (field === 'seatTags' ? 'heldBy' : field)),
  } as unknown as RxJsonSchema<typeof cached>
  const old = await createRxDatabase<{ slots: RxCollection<typeof cached> }>({
    name,
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
  })
  await old.addCollections({ slots: { schema: version0 } })
  await old.slots.insert(cached)
  await old.close()

  const db = await openClientDatabase({ name, indexedDB, IDBKeyRange, devMode: true })
  try {
    const migrated = (await db.slots.findOne(cached.id).exec())?.toJSON()
    const { heldBy: _gone, ...rest } = cached
    expect(migrated).toEqual({ ...rest, seatTags: [seatTag(own)] })
    // The device's own confirmed booking is counted once, not on top of the counter.
    expect(
      displayedBookings(migrated as unknown as { currentBookings: number; seatTags: string[] }, [
        { id: own, status: 'CONFIRMED' },
      ]),
    ).toBe(2)
  } finally {
    await db.close()
  }
})
