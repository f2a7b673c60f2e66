/**
 * Issue 13, goals 2 and 5: what the slot views show before IndexedDB has it.
 * - A booking click shows its seat change from memory before the RxDB write settles, and the stored
 *   document then takes over without the booking being counted twice (client/data/optimisticBookings.ts,
 *   through the real bookingActions on a real RxDB over fake-indexeddb).
 * - The first week fetched at once fills in the slots the first pull has not stored yet, the stored
 *   copy winning (client/data/slotWindow.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterEach, describe, expect, it } from 'vitest'
import { bookingActions } from '../../client/data/bookingActions.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { optimisticBookings } from '../../client/data/optimisticBookings.js'
import { slotViews } from '../../client/data/slotViews.js'
import { firstWindowSlots, withWindow } from '../../client/data/slotWindow.js'
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
    const empty = await firstValueFrom(
      firstWindowSlots(api, 'token-empty', of(null), { from: at, to: at }).pipe(skipNull()),
    )
    expect(empty).toEqual([])
    expect(asked).toEqual([])
    const week = { from: at, to: '2026-12-08T10:00:00.000Z' }
    await firstValueFrom(firstWindowSlots(api, 'token-week', of(null), week).pipe(skipNull()))
    expect(asked).toHaveLength(1)
  })
})

const skipNull = () => filter((docs: SlotDoc[] | null): docs is SlotDoc[] => docs !== null)
