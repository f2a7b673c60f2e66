/**
 * Issue 13, goals 2 and 5: what the slot views show before IndexedDB has it.
 * - A booking click shows its seat change from memory before the RxDB write settles, and the stored
 *   document then takes over without the booking being counted twice (client/data/optimisticBookings.ts,
 *   through the real bookingActions on a real RxDB over fake-indexeddb).
 * - The first week fetched at once fills in the slots the first pull has not stored yet, the stored
 *   copy winning (client/data/slotWindow.ts).
 * Goal 4: the slots the live stream carried show before RxDB has stored them, never over a stored
 * copy that moved on since or the device's own waiting change, whatever order their revs are in
 * (client/data/arrivedSlots.ts); a property draws random stored copies, arrivals and views.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { arrivedSlots } from '../../client/data/arrivedSlots.js'
import { bookingActions } from '../../client/data/bookingActions.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { optimisticBookings } from '../../client/data/optimisticBookings.js'
import { slotViews } from '../../client/data/slotViews.js'
import { byStart, firstWindowSlots, withWindow } from '../../client/data/slotWindow.js'
import type { ServerApi } from '../../client/data/serverApi.js'
import { filter, firstValueFrom, of } from 'rxjs'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import { slotDoc } from '../helpers/replicationDocs.js'

const CUSTOMER = { id: '00000000-0000-4000-8000-00000000000c', name: 'Cu Stomer' }

function slot(id: number, startTime: string, currentBookings = 0): SlotDoc {
  return slotDoc(startTime, {
    id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    endTime: new Date(Date.parse(startTime) + 1_800_000).toISOString(),
    currentBookings,
  })
}

const tomorrow = new Date(Date.now() + 86_400_000)
const at = (hours: number) => new Date(tomorrow.getTime() + hours * 3_600_000).toISOString()

let db: ClientDatabase | undefined
afterEach(async () => {
  await db?.close()
  db = undefined
})

describe('a booking click', () => {
  it('shows the seat taken from memory before the write settles, and counts it once after', async () => {
    db = await openClientDatabase({
      name: `memory_${Date.now()}`,
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      devMode: false,
    })
    const shown = slot(1, at(2))
    await db.slots.insert(shown)
    const memory = optimisticBookings(db)
    // A view shows the slot (as useSlots records it) and is subscribed.
    memory.shownSlots.set(shown.id, shown)
    memory.viewers++
    const actions = bookingActions(db, {
      token: 't',
      user: { ...CUSTOMER, email: 'c@example.test', role: 'customer' },
    } as never)

    let settled = false
    const writing = actions.book(shown.id, '').then(() => {
      settled = true
    })
    // Synchronously after the click, before the write has settled: memory has the booking.
    const beforeStored = memory.merge([])
    expect(settled).toBe(false)
    expect(beforeStored).toHaveLength(1)
    expect(slotViews([shown], beforeStored, new Date())[0]?.remaining).toBe(1)

    await writing
    const stored = (await db.bookings.find().exec()).map((d) => d.toJSON() as BookingDoc)
    expect(stored).toHaveLength(1)
    const afterStored = memory.merge(stored)
    // Stored and in memory: one booking, one seat.
    expect(afterStored).toHaveLength(1)
    expect(slotViews([shown], afterStored, new Date())[0]?.remaining).toBe(1)
    // Seen stored, it has left memory.
    expect(memory.merge([])).toEqual([])
  })

  it('leaves memory when the write fails', async () => {
    db = await openClientDatabase({
      name: `memoryfail_${Date.now()}`,
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      devMode: false,
    })
    const full = { ...slot(2, at(3), 2), isBooked: true, isAvailable: false }
    const memory = optimisticBookings(db)
    memory.shownSlots.set(full.id, full)
    const actions = bookingActions(db, { token: 't', user: { ...CUSTOMER, role: 'customer' } } as never)
    await expect(actions.book(full.id, '')).rejects.toMatchObject({ code: 'SLOT_FULL' })
    expect(memory.merge([])).toEqual([])
  })
})

describe('the first week before the first pull is stored', () => {
  it('adds the fetched slots not stored yet, the stored copy winning, in start order', () => {
    const a = slot(1, at(1))
    const b = slot(2, at(2))
    const c = slot(3, at(3))
    const storedB = { ...b, currentBookings: 1 }
    const merged = withWindow([storedB], [c, a, { ...b, currentBookings: 0 }])
    expect(merged.map((s) => s.id)).toEqual([a.id, b.id, c.id])
    expect(merged[1]?.currentBookings).toBe(1)
    expect(withWindow([storedB], null)).toEqual([storedB])
  })

  it('an empty range asks the server nothing (it refuses to <= from) and holds no slot', async () => {
    const asked: string[] = []
    const api = {
      get: async (path: string) => {
        asked.push(path)
        return []
      },
    } as unknown as ServerApi
    const at = '2026-12-01T10:00:00.000Z'
    const empty = await firstValueFrom(firstWindowSlots(api, of(null), { from: at, to: at }).pipe(skipNull()))
    expect(empty).toEqual([])
    expect(asked).toEqual([])
    const week = { from: at, to: '2026-12-08T10:00:00.000Z' }
    await firstValueFrom(firstWindowSlots(api, of(null), week).pipe(skipNull()))
    expect(asked).toHaveLength(1)
  })
})

describe('slots the live stream carried (goal 4)', () => {
  const wire = (doc: SlotDoc, deleted = false) => ({ ...doc, _deleted: deleted })
  const all = () => true

  it('show in place of an older stored copy until the stored copy catches up', () => {
    const arrivals = arrivedSlots()
    const a = slot(1, at(1))
    const b = slot(2, at(2))
    // A view shows the stored copies (as useSlots does at every change), then the arrival comes.
    arrivals.overlay([a, b], all)
    arrivals.arrived([wire({ ...a, currentBookings: 1, rev: '7' })])
    expect(arrivals.overlay([a, b], all).map((s) => s.currentBookings)).toEqual([1, 0])
    // Stored with the arrival's revision: the stored copy shows, and the arrival leaves memory.
    const caughtUp = { ...a, currentBookings: 1, rev: '7' }
    expect(arrivals.overlay([caughtUp, b], all)).toEqual([caughtUp, b])
    expect(arrivals.overlay([a, b], all)).toEqual([a, b])
    arrivals.close()
  })

  it("never over a stored copy that moved on since, nor over the device's own waiting change", () => {
    const arrivals = arrivedSlots()
    const a = slot(1, at(1))
    arrivals.overlay([a], all)
    arrivals.arrived([wire({ ...a, currentBookings: 1, rev: '7' })])
    const newerStored = { ...a, currentBookings: 2, rev: '12' }
    expect(arrivals.overlay([newerStored], all)).toEqual([newerStored])
    arrivals.arrived([wire({ ...a, currentBookings: 1, rev: '20' })])
    // The stored copy the views showed when it came, but with a change of the device's own.
    const waiting = { ...newerStored, maxBookings: 5, localPending: true }
    expect(arrivals.overlay([waiting], all)).toEqual([waiting])
    arrivals.close()
  })

  it('a later commit with a lower transaction id (rev) is not hidden by the earlier one', () => {
    // Two writes to one slot: the one committed second got its transaction id first (it waited for
    // the row lock), so its rev is lower. The stream carries them in commit order.
    const arrivals = arrivedSlots()
    const s = slot(1, at(1))
    arrivals.overlay([s], all)
    const first = { ...s, currentBookings: 1, rev: '101' }
    const second = { ...s, currentBookings: 2, rev: '100' }
    arrivals.arrived([wire(first)])
    arrivals.arrived([wire(second)])
    expect(arrivals.overlay([s], all)[0]?.currentBookings).toBe(2)
    // RxDB has stored both: the stored copy is the truth, not the arrival with the higher rev.
    expect(arrivals.overlay([second], all)).toEqual([second])
    arrivals.close()
  })

  it('a slot not stored yet shows in its view in start order; a deleted one hides its slot', () => {
    const arrivals = arrivedSlots()
    const a = slot(1, at(1))
    const b = slot(2, at(2))
    const c = slot(3, at(3))
    arrivals.overlay([a, c], all)
    arrivals.arrived([wire({ ...b, rev: '9' }), wire({ ...c, rev: '9' }, true)])
    expect(arrivals.overlay([a, c], all).map((s) => s.id)).toEqual([a.id, b.id])
    expect(arrivals.overlay([a, c], (doc) => doc.startTime < at(2)).map((s) => s.id)).toEqual([a.id])
    arrivals.close()
  })

  it('never brings back a slot deleted on the device while its deletion waits to be sent', () => {
    // A provider deleted the slot offline (gone from the view's query); the stream, still open on a
    // flaky network, carries a customer's booking of it. It came back as bookable before.
    const arrivals = arrivedSlots()
    const a = slot(1, at(1))
    const b = slot(2, at(2))
    arrivals.overlay([a, b], all)
    arrivals.overlay([a], all)
    arrivals.arrived([wire({ ...b, currentBookings: 1, rev: '9' })])
    expect(arrivals.overlay([a], all).map((s) => s.id)).toEqual([a.id])
    arrivals.close()
  })

  it('an arrival RxDB never stores leaves memory after its hold, and the views hear of it', () => {
    vi.useFakeTimers()
    try {
      const arrivals = arrivedSlots()
      const a = slot(1, at(1))
      let changes = 0
      const subscription = arrivals.changed$.subscribe(() => changes++)
      arrivals.overlay([a], all)
      arrivals.arrived([wire({ ...a, currentBookings: 1, rev: '7' })])
      expect(arrivals.overlay([a], all)[0]?.currentBookings).toBe(1)
      const heard = changes
      vi.advanceTimersByTime(10_001)
      expect(changes).toBe(heard + 1)
      expect(arrivals.overlay([a], all)).toEqual([a])
      subscription.unsubscribe()
      arrivals.close()
    } finally {
      vi.useRealTimers()
    }
  })

  it('property: each slot shows its latest arrival while its stored copy is the one shown when it came, else the stored copy; in start order', () => {
    const slotDraw = fc.record({
      n: fc.integer({ min: 1, max: 12 }),
      hour: fc.integer({ min: 0, max: 48 }),
      // Any order: a later commit may carry a lower rev.
      rev: fc.integer({ min: 1, max: 30 }).map(String),
      seats: fc.integer({ min: 0, max: 2 }),
      pending: fc.boolean(),
      deleted: fc.boolean(),
      // The stored copy changes (RxDB stored an arrival, or a pull) after the arrivals came.
      moves: fc.boolean(),
    })
    fc.assert(
      fc.property(
        fc.uniqueArray(slotDraw, { selector: (d) => d.n, maxLength: 10 }),
        fc.array(slotDraw, { maxLength: 12 }),
        fc.integer({ min: 0, max: 48 }),
        (storedDraws, arrivalDraws, viewEnd) => {
          const arrivals = arrivedSlots()
          const hours = new Map(storedDraws.map((d) => [d.n, d.hour]))
          // One slot keeps its start time whichever copy carries it.
          const doc = (d: (typeof storedDraws)[number]): SlotDoc => ({
            ...slot(d.n, at(hours.get(d.n) ?? d.hour), d.seats),
            rev: d.rev,
          })
          const inView = (x: SlotDoc) => x.startTime < at(viewEnd)
          const before = storedDraws
            .map((d) => ({ ...doc(d), ...(d.pending ? { localPending: true } : {}) }))
            .sort(byStart)
          arrivals.overlay(before, inView)
          for (const d of arrivalDraws) arrivals.arrived([wire(doc(d), d.deleted)])
          const moved = new Set(storedDraws.filter((d) => d.moves).map((d) => slot(d.n, at(0)).id))
          const stored = before.map((x) => (moved.has(x.id) ? { ...x, rev: `${x.rev}0` } : x))
          const shown = arrivals.overlay(stored, inView)
          arrivals.close()

          const latest = new Map(arrivalDraws.map((d) => [slot(d.n, at(0)).id, d]))
          const expected: SlotDoc[] = []
          for (const x of stored) {
            const arrival = latest.get(x.id)
            if (x.localPending || moved.has(x.id) || !arrival) expected.push(x)
            else if (!arrival.deleted && inView(doc(arrival))) expected.push(doc(arrival))
          }
          for (const [id, arrival] of latest)
            if (!stored.some((x) => x.id === id) && !arrival.deleted && inView(doc(arrival)))
              expected.push(doc(arrival))
          expect([...shown].sort((x, y) => x.id.localeCompare(y.id))).toEqual(
            expected.sort((x, y) => x.id.localeCompare(y.id)),
          )
          for (let i = 1; i < shown.length; i++)
            expect((shown[i - 1] as SlotDoc).startTime <= (shown[i] as SlotDoc).startTime).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })
})

const skipNull = () => filter((docs: SlotDoc[] | null): docs is SlotDoc[] => docs !== null)
