/**
 * The device's record of a provider's changes (client/data/providerChanges.ts): one record per change,
 * each resolved by its own field against the server's answer to the push that carried it, refused and
 * superseded ones kept until dismissed.
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

const slot = (fields: { maxBookings?: number; blocked?: boolean; _deleted?: boolean }) => ({
  id: slotId,
  _deleted: false,
  maxBookings: 3,
  blocked: false,
  ...fields,
})
const capacity = (maxBookings: number) => ({ kind: 'capacity', maxBookings }) as const
const queue = (tried: Parameters<ProviderChangeLog['queued']>[0]['tried']) =>
  log.queued({ collection: 'slots', docId: slotId, tried, slotStart })

it('keeps one record per change, in order: a newer change to the same slot does not replace the older', async () => {
  await queue(capacity(4))
  await queue(capacity(1))
  expect((await log.current()).map((c) => [c.state, c.tried])).toEqual([
    ['queued', capacity(4)],
    ['queued', capacity(1)],
  ])
})

it('settles only the changes a push carries; one made after the push left waits for the next', async () => {
  await queue(capacity(4))
  await queue(capacity(1))
  // The push of capacity 4 left before capacity 1 was made: it settles 4 only.
  const four = slot({ maxBookings: 4 })
  await log.resolved('slots', { pushed: four, server: four, refusals: [] })
  expect((await log.current()).map((c) => c.tried)).toEqual([capacity(1)])
  const one = slot({ maxBookings: 1 })
  await log.resolved('slots', { pushed: one, server: one, refusals: [] })
  expect(await log.current()).toEqual([])
})

it('shows an earlier change to the same field as replaced by the later one the push carried', async () => {
  await queue(capacity(5))
  await queue(capacity(2))
  const two = slot({ maxBookings: 2 })
  await log.resolved('slots', { pushed: two, server: two, refusals: [] })
  expect(await log.current()).toEqual([
    expect.objectContaining({ state: 'superseded', tried: capacity(5), replacedBy: capacity(2) }),
  ])
})

it('refuses each change by its own field: a capacity refused, a block of the same push accepted', async () => {
  await queue(capacity(1))
  await queue({ kind: 'blocked', blocked: true })
  const below = { code: 'CAPACITY_BELOW_BOOKINGS', message: 'below', field: 'maxBookings' }
  await log.resolved('slots', {
    pushed: slot({ maxBookings: 1, blocked: true }),
    server: slot({ maxBookings: 3, blocked: true }),
    refusals: [below],
    serverValue: (field) => `server ${field}`,
  })
  expect(await log.current()).toEqual([
    expect.objectContaining({
      state: 'refused',
      tried: capacity(1),
      refusal: below,
      serverValue: 'server maxBookings',
    }),
  ])
})

it('a deletion accepted supersedes the earlier change; refused, the earlier change is judged on its own', async () => {
  await queue(capacity(5))
  await queue({ kind: 'delete' })
  const deleted = slot({ maxBookings: 5, _deleted: true })
  await log.resolved('slots', { pushed: deleted, server: deleted, refusals: [] })
  expect(await log.current()).toEqual([
    expect.objectContaining({ state: 'superseded', tried: capacity(5), replacedBy: { kind: 'delete' } }),
  ])
  await log.dismiss((await log.current())[0]?.key ?? '')

  await queue(capacity(5))
  await queue({ kind: 'delete' })
  const booked = { code: 'SLOT_HAS_ACTIVE_BOOKINGS', message: 'booked', field: '_deleted' }
  await log.resolved('slots', { pushed: deleted, server: slot({ maxBookings: 5 }), refusals: [booked] })
  expect(await log.current()).toEqual([
    expect.objectContaining({ state: 'refused', tried: { kind: 'delete' }, refusal: booked }),
  ])
})

it('keeps a refusal until dismissed; records a refusal no change took only from a fallback', async () => {
  await queue(capacity(2))
  const pushed = slot({ maxBookings: 2 })
  await log.resolved('slots', { pushed, server: slot({ maxBookings: 5 }), refusals: [refusal] })
  const booking = { id: '00000000-0000-4000-8000-000000000002', _deleted: false, status: 'CONFIRMED' }
  await log.resolved('bookings', {
    pushed: booking,
    server: { ...booking, status: 'CANCELLED' },
    refusals: [refusal],
  })
  const [refused, ...others] = await log.current()
  expect(others).toEqual([])
  expect(refused).toMatchObject({ state: 'refused', refusal })
  // A later accepted push of the same document does not hide the refusal.
  await log.resolved('slots', { pushed, server: pushed, refusals: [] })
  expect(await log.current()).toHaveLength(1)
  await log.dismiss(refused?.key ?? '')
  expect(await log.current()).toEqual([])
  await log.resolved('slots', {
    pushed: slot({ _deleted: true }),
    server: slot({}),
    refusals: [refusal],
    fallback: { tried: { kind: 'delete' }, slotStart },
  })
  expect(await log.current()).toEqual([
    expect.objectContaining({ state: 'refused', tried: { kind: 'delete' } }),
  ])
})

it("resolves a push batch's answers in one read of the log, each as if on its own, in order", async () => {
  const slotIds = Array.from(
    { length: 200 },
    (_, i) => `00000000-0000-4000-8000-${String(i + 2).padStart(12, '0')}`,
  )
  for (const docId of slotIds.slice(0, 3))
    await log.queued({ collection: 'slots', docId, tried: capacity(4), slotStart })
  let reads = 0
  const getLocal = db.getLocal.bind(db)
  db.getLocal = ((id: string) => {
    reads++
    return getLocal(id)
  }) as typeof db.getLocal
  // RxDB reports a push batch's rows one by one, in the same tick: 200 answers, three of them for
  // queued changes (the second refused), the rest for documents with nothing queued (a customer's bookings).
  await Promise.all(
    slotIds.map((docId, i) => {
      const pushed = { ...slot({ maxBookings: 4 }), id: docId }
      return log.resolved('slots', {
        pushed,
        server: i === 1 ? { ...pushed, maxBookings: 3 } : pushed,
        refusals: i === 1 ? [refusal] : [],
      })
    }),
  )
  expect(reads).toBeLessThanOrEqual(2)
  expect((await log.current()).map((c) => [c.docId, c.state])).toEqual([[slotIds[1], 'refused']])
})

it('applies an answer arriving after a change was queued after that change, never before it', async () => {
  const other = '00000000-0000-4000-8000-000000000099'
  // An answer about another slot opens a batch; the change below is queued while that batch waits.
  const first = log.resolved('slots', {
    pushed: { ...slot({}), id: other },
    server: { ...slot({}), id: other },
    refusals: [],
  })
  const queued = queue(capacity(4))
  const four = slot({ maxBookings: 4 })
  const answer = log.resolved('slots', { pushed: four, server: four, refusals: [] })
  await Promise.all([first, queued, answer])
  expect(await log.current()).toEqual([])
})

it('a refused change the provider changed again is replaced by that later change, made before or after the answer', async () => {
  // 5 left and was retried as it was; 6 was made meanwhile: the refusal of 5 names 6.
  await queue(capacity(5))
  await queue(capacity(6))
  await queue({ kind: 'blocked', blocked: true })
  const stale = slot({ maxBookings: 2 })
  await log.resolved('slots', {
    pushed: slot({ maxBookings: 5 }),
    server: stale,
    refusals: [refusal],
    serverValue: () => 'capacity 2, 0 booked',
  })
  expect((await log.current()).map((c) => [c.state, c.tried, c.replacedBy])).toEqual([
    ['refused', capacity(5), capacity(6)],
    ['queued', capacity(6), undefined],
    ['queued', { kind: 'blocked', blocked: true }, undefined],
  ])
  // 6 is judged on its own: refused too, it is the one left to apply again (nothing later replaced it).
  await log.resolved('slots', {
    pushed: slot({ maxBookings: 6, blocked: true }),
    server: { ...stale, blocked: true },
    refusals: [refusal],
    serverValue: () => 'capacity 2, 0 booked',
  })
  const [five, six] = await log.current()
  expect(six).toMatchObject({ state: 'refused', tried: capacity(6), serverValue: 'capacity 2, 0 booked' })
  expect(six?.replacedBy).toBeUndefined()

  // A change made after the refusal landed (on the server's value) replaces the refused one too,
  // whatever becomes of it: taken, the refusal's "capacity 2" would be out of date.
  await queue(capacity(7))
  expect((await log.current()).map((c) => [c.tried, c.replacedBy])).toEqual([
    [capacity(5), capacity(7)],
    [capacity(6), capacity(7)],
    [capacity(7), undefined],
  ])
  const seven = slot({ maxBookings: 7 })
  await log.resolved('slots', { pushed: seven, server: seven, refusals: [] })
  expect((await log.current()).map((c) => c.key)).toEqual([five?.key, six?.key])
  // A change of another field, or of another slot, replaces nothing.
  await queue({ kind: 'blocked', blocked: false })
  await log.queued({
    collection: 'slots',
    docId: '00000000-0000-4000-8000-000000000002',
    tried: capacity(9),
    slotStart,
  })
  expect((await log.current()).slice(0, 2).map((c) => c.replacedBy)).toEqual([capacity(7), capacity(7)])
})
