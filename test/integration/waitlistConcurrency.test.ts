/**
 * Invariant 8 under real concurrency (real PostgreSQL only; PGlite runs one query at a time): many
 * waiters, and seats freed by concurrent cancellations and capacity changes while waiters withdraw
 * and late (offline) joins arrive. Every freed seat goes to exactly one waiter, in FIFO order; no
 * withdrawn waiter is booked; counters stay exact; and a sampler reading committed snapshots
 * throughout never sees a free seat while someone waits.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Slot } from '../../shared/schemas.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { type ApiClient, type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'

const SLOTS = 4
const CAPACITY = 3
const WAITERS_PER_SLOT = 25
const CANCELS_PER_SLOT = CAPACITY
const RAISES_PER_SLOT = 8
const WITHDRAWALS_PER_SLOT = 6
const LATE_JOINS_PER_SLOT = 4
/** Direct booking attempts racing the promotions (refused while anyone waits, but their INSERTs lock). */
const BOOKING_ATTEMPTS_PER_SLOT = 6

// Seeded PRNG so a failure can be replayed.
let state = 20_261_125
const random = (n: number) => {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
  return state % n
}
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random(i + 1)
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

interface SlotReport {
  slot: string
  capacity: string
  promoted: number
  bookedDirectly: number
  stillWaiting: number
  withdrawn: number
  rejected: number
  active: number
}

interface Customer {
  user: TestUser
  api: ApiClient
}

describe.runIf(onRealPostgres)('waitlist promotion under concurrency on real PostgreSQL', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  async function customers(n: number, tag: string): Promise<Customer[]> {
    return Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const user = await server.seed.createCustomer(`${tag}-${i}`)
        return { user, api: server.api(await server.signIn(user.email)) }
      }),
    )
  }

  it('N waiters, M concurrent frees: each freed seat to exactly one waiter, FIFO, never overbooked', async () => {
    const provider = server.api(await server.signIn(server.seed.providerA.email))
    const slots: Slot[] = []
    const holders = new Map<string, { api: ApiClient; bookingId: string }[]>()
    const waiters = new Map<string, { customer: Customer; entryId: string }[]>()
    for (let s = 0; s < SLOTS; s++) {
      const slot = await server.seed.createSlot({ maxBookings: CAPACITY, hoursFromNow: 300 + s })
      slots.push(slot)
      const held = []
      for (const holder of await customers(CAPACITY, `holder-${s}`)) {
        const res = await holder.api.post('/api/bookings', { slotId: slot.id })
        expect(res.status).toBe(201)
        held.push({ api: holder.api, bookingId: res.body.id as string })
      }
      holders.set(slot.id, held)
      // Joined one after another: the expected FIFO order is the join order.
      const queue = []
      for (const waiter of await customers(WAITERS_PER_SLOT, `waiter-${s}`)) {
        const res = await waiter.api.post(`/api/slots/${slot.id}/waitlist`, { id: randomUUID() })
        expect(res.body).toMatchObject({ status: 'WAITING', position: queue.length + 1 })
        queue.push({ customer: waiter, entryId: res.body.id as string })
      }
      waiters.set(slot.id, queue)
    }
    const lateJoiners = await customers(SLOTS * LATE_JOINS_PER_SLOT, 'late')
    const bookers = await customers(BOOKING_ATTEMPTS_PER_SLOT, 'booker')

    // The storm: every operation on every slot at once, in a random order.
    const statuses = new Map<number, number>()
    const count = (status: number): void => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
    const operations: (() => Promise<void>)[] = []
    const withdrawn = new Set<string>()
    for (const [s, slot] of slots.entries()) {
      for (const held of (holders.get(slot.id) ?? []).slice(0, CANCELS_PER_SLOT)) {
        operations.push(async () =>
          count((await held.api.patch(`/api/bookings/${held.bookingId}`, { status: 'CANCELLED' })).status),
        )
      }
      for (let r = 0; r < RAISES_PER_SLOT; r++) {
        // absolute values arriving in any order: raises, and lowerings refused below the bookings
        const maxBookings = CAPACITY + 1 + random(10)
        operations.push(async () =>
          count((await provider.patch(`/api/slots/${slot.id}`, { maxBookings })).status),
        )
      }
      for (const waiter of shuffled(waiters.get(slot.id) ?? []).slice(0, WITHDRAWALS_PER_SLOT)) {
        withdrawn.add(waiter.entryId)
        operations.push(async () =>
          count((await waiter.customer.api.delete(`/api/waitlist/${waiter.entryId}`)).status),
        )
      }
      for (const booker of bookers) {
        operations.push(async () =>
          count((await booker.api.post('/api/bookings', { slotId: slot.id })).status),
        )
      }
      for (const late of lateJoiners.slice(s * LATE_JOINS_PER_SLOT, (s + 1) * LATE_JOINS_PER_SLOT)) {
        operations.push(async () => {
          const doc = {
            id: randomUUID(),
            slotId: slot.id,
            providerId: slot.providerId,
            customerId: late.user.id,
            startTime: slot.startTime,
            status: 'WAITING',
            rejectionReason: null,
            bookingId: null,
            updatedAt: new Date().toISOString(),
            rev: null,
            _deleted: false,
          }
          count((await late.api.post('/api/replication/waitlist/push', [{ newDocumentState: doc }])).status)
        })
      }
    }

    // Invariant 8 at every committed snapshot the sampler sees, while the storm runs.
    let samples = 0
    let stormOver = false
    const idleSeatsSeen: unknown[] = []
    const sampler = (async () => {
      while (!stormOver) {
        const { rows } = await server.db.query(
          `SELECT s.id, s.current_bookings, s.max_bookings FROM slots s
           WHERE s.id = ANY($1::uuid[])
             AND (s.current_bookings > s.max_bookings
                  OR (s.current_bookings < s.max_bookings AND NOT s.blocked
                      AND EXISTS (SELECT 1 FROM waitlist w WHERE w.slot_id = s.id AND w.status = 'WAITING')))`,
          [slots.map((slot) => slot.id)],
        )
        samples++
        idleSeatsSeen.push(...rows)
      }
    })()
    const started = performance.now()
    await Promise.all(shuffled(operations).map((operation) => operation()))
    const stormMs = performance.now() - started
    stormOver = true
    await sampler

    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([])
    expect(idleSeatsSeen).toEqual([])
    expect(await counterMismatches(server.db)).toEqual([])

    const report: SlotReport[] = []
    for (const slot of slots) {
      const { rows: entries } = await server.db.query<{
        id: string
        customer_id: string
        status: string
        booking_id: string | null
      }>(
        'SELECT id, customer_id, status, booking_id FROM waitlist WHERE slot_id = $1 ORDER BY joined_at, id',
        [slot.id],
      )
      const { rows: active } = await server.db.query<{ id: string; customer_id: string }>(
        `SELECT id, customer_id FROM bookings WHERE slot_id = $1 AND status IN ('PENDING', 'CONFIRMED') AND NOT deleted`,
        [slot.id],
      )
      const { rows: counters } = await server.db.query<{ current_bookings: number; max_bookings: number }>(
        'SELECT current_bookings, max_bookings FROM slots WHERE id = $1',
        [slot.id],
      )
      const counter = counters[0] as { current_bookings: number; max_bookings: number }
      const promoted = entries.filter((e) => e.status === 'PROMOTED')
      const booked = entries.filter((e) => e.status === 'BOOKED')
      const waiting = entries.filter((e) => e.status === 'WAITING')
      const left = entries.filter((e) => e.status === 'LEFT')

      // Exactly one active booking per promoted (or directly booked) entry, and it is that waiter's.
      const activeById = new Map(active.map((b) => [b.id, b]))
      for (const entry of [...promoted, ...booked]) {
        expect(activeById.get(entry.booking_id ?? '')?.customer_id).toBe(entry.customer_id)
      }
      const bookingIds = [...promoted, ...booked].map((e) => e.booking_id)
      expect(new Set(bookingIds).size).toBe(bookingIds.length)
      // No customer holds two seats; no withdrawn waiter holds one.
      const holdersOfSeats = active.map((b) => b.customer_id)
      expect(new Set(holdersOfSeats).size).toBe(holdersOfSeats.length)
      for (const entry of left) {
        expect(withdrawn.has(entry.id)).toBe(true)
        expect(entry.booking_id).toBeNull()
        expect(holdersOfSeats).not.toContain(entry.customer_id)
      }
      // FIFO: everyone promoted joined before everyone still waiting.
      const lastPromoted = Math.max(-1, ...promoted.map((e) => entries.indexOf(e)))
      const firstWaiting = Math.min(entries.length, ...waiting.map((e) => entries.indexOf(e)))
      expect(lastPromoted).toBeLessThan(firstWaiting)
      // Every seat is used while anyone waits; the counter is the active bookings.
      expect(counter.current_bookings).toBe(active.length)
      if (waiting.length > 0) expect(counter.current_bookings).toBe(counter.max_bookings)
      // Every seat freed went to a waiter: the seats now held by waiters are the seats the holders gave
      // up plus the capacity added.
      const holdersLeft = active.length - promoted.length - booked.length
      expect(promoted.length + booked.length).toBe(
        Math.min(counter.max_bookings - holdersLeft, promoted.length + booked.length + waiting.length),
      )
      report.push({
        slot: slot.id.slice(0, 8),
        capacity: `${CAPACITY}->${counter.max_bookings}`,
        promoted: promoted.length,
        bookedDirectly: booked.length,
        stillWaiting: waiting.length,
        withdrawn: left.length,
        rejected: entries.filter((e) => e.status === 'REJECTED').length,
        active: active.length,
      })
    }
    const total = (key: 'promoted' | 'stillWaiting' | 'withdrawn' | 'bookedDirectly') =>
      report.reduce((sum, row) => sum + row[key], 0)
    console.info(
      `waitlist storm: ${SLOTS} slots, ${SLOTS * WAITERS_PER_SLOT} waiters + ${SLOTS * LATE_JOINS_PER_SLOT} late joins, ` +
        `${operations.length} concurrent operations (${SLOTS * CANCELS_PER_SLOT} cancels, ${SLOTS * RAISES_PER_SLOT} capacity changes, ` +
        `${SLOTS * WITHDRAWALS_PER_SLOT} withdrawals, ${SLOTS * BOOKING_ATTEMPTS_PER_SLOT} direct booking attempts) in ${Math.round(stormMs)} ms; promoted ${total('promoted')}, ` +
        `booked directly ${total('bookedDirectly')}, withdrawn ${total('withdrawn')}, still waiting ${total('stillWaiting')}; ` +
        `${samples} snapshots sampled, 0 with an idle seat; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    )
    console.table(report)
    expect(total('promoted')).toBeGreaterThan(0)
  }, 180_000)

  it('a seat freed while another booking is half-inserted on the slot is handed on without a deadlock', async () => {
    // A booking's INSERT holds a KEY SHARE lock on its slot (the foreign key) until it takes its seat.
    // The promotion that runs in a cancellation must not wait for that lock: the booking is itself
    // waiting for the cancellation's counter lock (a deadlock, seen as a 500, under FOR UPDATE).
    const slot = await server.seed.createSlot({ maxBookings: 1, hoursFromNow: 400 })
    const [holder, waiter, booker] = await customers(3, 'lock-order')
    const held = await holder?.api.post('/api/bookings', { slotId: slot.id })
    await waiter?.api.post(`/api/slots/${slot.id}/waitlist`, {})
    const half = new pg.Client({ connectionString: server.databaseUrl })
    await half.connect()
    try {
      await half.query('BEGIN')
      await half.query(
        `INSERT INTO bookings (id, slot_id, provider_id, service_id, customer_id, start_time, status)
         SELECT $1, s.id, s.provider_id, s.service_id, $2, s.start_time, 'PENDING' FROM slots s WHERE s.id = $3`,
        [randomUUID(), booker?.user.id, slot.id],
      )
      const cancel = await Promise.race([
        holder?.api.patch(`/api/bookings/${held?.body.id}`, { status: 'CANCELLED' }),
        new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5_000)),
      ])
      expect(
        cancel === 'blocked' ? 'the cancellation waited for the half-inserted booking' : cancel?.status,
      ).toBe(200)
      // the half-inserted booking finds no seat (the waiter got it) and gives up
      const seat = await half.query(
        'UPDATE slots SET current_bookings = current_bookings + 1 WHERE id = $1 AND current_bookings < max_bookings',
        [slot.id],
      )
      expect(seat.rowCount).toBe(0)
      await half.query('ROLLBACK')
    } finally {
      await half.end()
    }
    const promoted = await waiter?.api.get(`/api/bookings?slotId=${slot.id}`)
    expect(promoted?.body).toHaveLength(1)
    expect(await counterMismatches(server.db)).toEqual([])
  }, 60_000)
})
