/**
 * The device's record of a provider's queued changes (client/data/providerChanges.ts): one record per
 * document, settled only by a push that carries the recorded change, refused ones kept until dismissed.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { type ProviderChangeLog, providerChangeLog } from '../../client/data/providerChanges.js'

let db: ClientDatabase
let log: ProviderChangeLog
const slotId = '00000000-0000-4000-8000-000000000001'
const slotStart = '2030-01-01T09:00:00.000Z'
const refusal = { code: 'STALE_BASE', message: 'Someone else changed this first.', field: 'maxBookings' }

beforeEach(async () => {
  db = await openClientDatabase({ name: `changes${Date.now()}`, indexedDB: new IDBFactory(), IDBKeyRange })
  log = providerChangeLog(db)
})
afterEach(async () => {
  await db.close()
})

it('keeps one record per document: a newer change replaces the older', async () => {
  await log.queued({
    collection: 'slots',
    docId: slotId,
    tried: { kind: 'capacity', maxBookings: 4 },
    slotStart,
  })
  await log.queued({
    collection: 'slots',
    docId: slotId,
    tried: { kind: 'capacity', maxBookings: 1 },
    slotStart,
  })
  expect(await log.current()).toEqual([
    expect.objectContaining({ state: 'queued', tried: { kind: 'capacity', maxBookings: 1 } }),
  ])
})

it('is settled only by a push that carries the recorded change', async () => {
  await log.queued({
    collection: 'slots',
    docId: slotId,
    tried: { kind: 'capacity', maxBookings: 1 },
    slotStart,
  })
  // An older push (capacity 4) answered after the newer change was made settles nothing.
  await log.accepted('slots', [{ id: slotId, _deleted: false, maxBookings: 4 }])
  expect(await log.current()).toHaveLength(1)
  await log.accepted('slots', [{ id: slotId, _deleted: false, maxBookings: 1 }])
  expect(await log.current()).toEqual([])
})

it('keeps a refusal with the server value until dismissed; records none for an unrecorded booking', async () => {
  await log.queued({
    collection: 'slots',
    docId: slotId,
    tried: { kind: 'capacity', maxBookings: 2 },
    slotStart,
  })
  await log.refused('slots', slotId, refusal, 'capacity 5, 0 booked', null)
  await log.refused('bookings', '00000000-0000-4000-8000-000000000002', refusal, 'Cancelled', null)
  const [refused, ...others] = await log.current()
  expect(others).toEqual([])
  expect(refused).toMatchObject({ state: 'refused', refusal, serverValue: 'capacity 5, 0 booked' })
  // A later accepted push of the same document does not hide the refusal.
  await log.accepted('slots', [{ id: slotId, _deleted: false, maxBookings: 2 }])
  expect(await log.current()).toHaveLength(1)
  await log.dismiss(refused?.key ?? '')
  expect(await log.current()).toEqual([])
})
