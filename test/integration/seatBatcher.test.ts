/**
 * Concurrent REST bookings booked together (server/domain/seatBatcher.ts) get the outcomes they get
 * alone. A property over random rushes, run concurrently on the test database (real PostgreSQL in
 * CI): random slots and capacities, customers, reused ids (a replay, someone else's id), signed-out
 * sessions, and random batcher settings. Whatever the batches, every slot's counter equals its
 * active bookings and never exceeds its capacity, no seat is lost (a slot that refused someone as
 * full is full), every accepted booking is the requester's own on the slot asked for, a signed-out
 * session books nothing, a booking refused as someone else's id is refused only when someone else
 * holds it, a booking is refused as already booked only when its customer holds another seat of the slot,
 * no customer ever holds two seats of one slot (invariant 12), and a booking is refused for nothing but
 * those and a full slot. Then the same over HTTP on real PostgreSQL: the route batches a rush (the
 * metrics say so) and the rush still books exactly the capacity, one seat per customer.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Outcome } from '../../shared/errors.js'
import type { Booking } from '../../shared/schemas.js'
import type { Database } from '../../server/db/database.js'
import { createBooking } from '../../server/domain/bookings.js'
import { type SeatBatcherStats, seatBatcher } from '../../server/domain/seatBatcher.js'
import { parseExposition } from '../helpers/prometheusText.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import { rushSlot } from '../helpers/bookingRush.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import type { TestFixtures, TestUser } from '../helpers/testFixtures.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let db: Database
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  db = opened.db
  seed = opened.seed
})

interface Request {
  customer: number
  slot: number
  /** Index of an earlier request whose id this one sends again, or null for a fresh id. */
  sameIdAs: number | null
  signedOut: boolean
}

const rush = fc.record({
  capacities: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
  requests: fc.array(
    fc.record({
      customer: fc.nat({ max: 2 }),
      slot: fc.nat({ max: 3 }),
      sameIdAs: fc.oneof(
        { arbitrary: fc.constant(null), weight: 4 },
        { arbitrary: fc.nat({ max: 30 }), weight: 1 },
      ),
      signedOut: fc.nat({ max: 9 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 30 },
  ),
  inFlight: fc.integer({ min: 1, max: 3 }),
  maxRows: fc.integer({ min: 1, max: 8 }),
})

/** A live session (its hash) for each customer, and one that was never signed in. */
async function sessionsOf(customers: TestUser[]): Promise<string[]> {
  const hashes = customers.map(() => `test-session-${randomUUID()}`)
  for (const [i, customer] of customers.entries()) {
    await db.query(
      "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')",
      [hashes[i], customer.id],
    )
  }
  return hashes
}

describe('bookings booked together', () => {
  it('give every booking the outcome it gets alone, whatever the batches', async () => {
    const customers = [seed.customerA, seed.customerB, seed.customerC]
    const liveSessions = await sessionsOf(customers)
    const totals: SeatBatcherStats = { bookings: 0, statements: 0, batchedBookings: 0, failedBatches: 0 }
    let runs = 0
    await fc.assert(
      fc.asyncProperty(rush, async ({ capacities, requests, inFlight, maxRows }) => {
        runs++
        const slots = await Promise.all(capacities.map((maxBookings) => seed.createSlot({ maxBookings })))
        const ids: string[] = []
        const sent = requests.map((r: Request, i) => {
          const earlier = r.sameIdAs !== null && r.sameIdAs < i ? ids[r.sameIdAs] : undefined
          const id = earlier ?? randomUUID()
          ids.push(id)
          return { ...r, id, slotId: (slots[r.slot % slots.length] as { id: string }).id }
        })
        const batcher = seatBatcher(db, {
          inFlight,
          maxRows,
          scope: { current: () => 'test', run: (_o, w) => w() },
        })
        const outcomes: Outcome<Booking>[] = await Promise.all(
          sent.map((r) =>
            createBooking(
              db,
              customers[r.customer] as TestUser,
              {
                id: r.id,
                slotId: r.slotId,
                notes: '',
                sessionTokenHash: r.signedOut ? `signed-out-${randomUUID()}` : liveSessions[r.customer],
              },
              (actor, input) => batcher.book(actor, input),
            ),
          ),
        )
        const stats = batcher.stats()
        for (const key of Object.keys(totals) as (keyof SeatBatcherStats)[]) totals[key] += stats[key]

        const { rows: stored } = await db.query<{ id: string; slot_id: string; customer_id: string }>(
          'SELECT id, slot_id, customer_id FROM bookings WHERE id = ANY($1::uuid[])',
          [ids],
        )
        const storedOf = new Map(stored.map((b) => [b.id, b]))
        for (const [i, r] of sent.entries()) {
          const outcome = outcomes[i] as Outcome<Booking>
          const customer = customers[r.customer] as TestUser
          const row = storedOf.get(r.id)
          if (r.signedOut) {
            expect(outcome.ok ? 'accepted' : outcome.refusal.code).toBe('UNAUTHENTICATED')
          } else if (outcome.ok) {
            expect(outcome.value).toMatchObject({ id: r.id, customerId: customer.id, slotId: row?.slot_id })
            expect(row?.customer_id).toBe(customer.id)
          } else if (outcome.refusal.code === 'BOOKING_ID_TAKEN') {
            // Someone else holds the id, or the customer holds it for another slot (a replay names its
            // own slot: 8cc6905).
            expect(row?.customer_id).toBeDefined()
            if (row?.customer_id === customer.id) expect(row.slot_id).not.toBe(r.slotId)
          } else if (outcome.refusal.code === 'ALREADY_BOOKED') {
            // The customer holds another seat of the slot (nothing in the property cancels, so still).
            const { rows: held } = await db.query<{ id: string }>(
              `SELECT id FROM bookings
               WHERE customer_id = $1 AND slot_id = $2 AND status IN ('PENDING', 'CONFIRMED') AND NOT deleted`,
              [customer.id, r.slotId],
            )
            expect(held.map((b) => b.id)).not.toContain(r.id)
            expect(held).toHaveLength(1)
          } else {
            // Its slot was full (the slot check below: it still is). A row with its id may exist all
            // the same: another request with the id, booked after this one was refused (so this one
            // was not answered as someone else's id, nor as a replay).
            expect(outcome.refusal.code).toBe('SLOT_FULL')
            if (row) expect(sent.some((o, j) => j !== i && o.id === r.id && outcomes[j]?.ok)).toBe(true)
          }
        }

        const { rows: seats } = await db.query<{
          id: string
          max_bookings: number
          current_bookings: number
          active: number
        }>(
          `SELECT s.id, s.max_bookings, s.current_bookings,
                  (SELECT count(*)::int FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('PENDING', 'CONFIRMED') AND NOT b.deleted) AS active
           FROM slots s WHERE s.id = ANY($1::uuid[])`,
          [slots.map((s) => s.id)],
        )
        const { rows: twice } = await db.query(
          `SELECT slot_id, customer_id FROM bookings
           WHERE slot_id = ANY($1::uuid[]) AND status IN ('PENDING', 'CONFIRMED') AND NOT deleted
           GROUP BY slot_id, customer_id HAVING count(*) > 1`,
          [slots.map((s) => s.id)],
        )
        expect(twice).toEqual([])
        for (const slot of seats) {
          expect(slot.current_bookings).toBe(slot.active)
          expect(slot.active).toBeLessThanOrEqual(slot.max_bookings)
          const refusedAsFull = sent.some(
            (r, i) => r.slotId === slot.id && !outcomes[i]?.ok && outcomes[i]?.refusal.code === 'SLOT_FULL',
          )
          // No seat lost: a slot that turned someone away as full has no free seat.
          if (refusedAsFull) expect(slot.active).toBe(slot.max_bookings)
        }
      }),
      { numRuns: 25 },
    )
    expect(runs).toBe(25)
    // The property did exercise batches (not only bookings one at a time).
    expect(totals.batchedBookings).toBeGreaterThan(0)
    expect(totals.statements).toBeLessThan(totals.bookings)
  }, 120_000)

  it('a batch statement that fails books each booking on its own', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    let failNext = true
    // The first statement with more than one row fails (as a lost connection would); the rest pass.
    const flaky: Pick<Database, 'query'> = {
      query(sql, params, options) {
        if (failNext && options?.prepareAs === 'book_seats') {
          failNext = false
          return Promise.reject(new Error('connection lost'))
        }
        return db.query(sql, params, options)
      },
    }
    const batcher = seatBatcher(flaky, {
      inFlight: 1,
      maxRows: 8,
      scope: { current: () => 'test', run: (_o, w) => w() },
    })
    const customers = [seed.customerA, seed.customerB, seed.customerC, await seed.createCustomer('fourth')]
    const outcomes = await Promise.all(
      customers.map((customer) =>
        createBooking(db, customer, { id: randomUUID(), slotId: slot.id, notes: '' }, (a, i) =>
          batcher.book(a, i),
        ),
      ),
    )
    expect(batcher.stats().failedBatches).toBe(1)
    expect(outcomes.map((o) => (o.ok ? 'accepted' : o.refusal.code)).sort()).toEqual([
      'SLOT_FULL',
      'accepted',
      'accepted',
      'accepted',
    ])
    const { rows } = await db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = $1',
      [slot.id],
    )
    expect(rows[0]?.current_bookings).toBe(3)
  })
})

// PGlite runs one query at a time and a request's statement is done before the next one reaches
// the route, so nothing ever waits there: the rush is only meaningful on real PostgreSQL (CI's).
describe.runIf(onRealPostgres)('the booking route under a rush', () => {
  const METRICS_TOKEN = 'scraper-token-for-tests-0123'
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN, BOOKING_STATEMENTS_IN_FLIGHT: 1 })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('books concurrent requests together, and exactly the capacity, one seat per customer', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 7 })
    // Ten customers, six requests each: seven of them get a seat, and their other requests are
    // already booked; the three others' are refused as full.
    const { results } = await rushSlot(server, slot.id, { customers: 10, requests: 60, tag: 'batch' })
    expect(results.filter((r) => r.status === 201)).toHaveLength(7)
    expect(results.filter((r) => r.status === 409 && r.body.code === 'ALREADY_BOOKED')).toHaveLength(35)
    expect(results.filter((r) => r.status === 409 && r.body.code === 'SLOT_FULL')).toHaveLength(18)

    const scraped = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
    const metrics = parseExposition(await scraped.text())
    const statements = metrics.value('booking_statement_rows_count', {}) ?? 0
    const booked = metrics.value('booking_statement_rows_sum', {}) ?? 0
    // Every booking went through a statement of the batcher, and fewer statements than bookings ran.
    expect(booked).toBe(60)
    expect(statements).toBeGreaterThan(0)
    expect(statements).toBeLessThan(60)
  }, 60_000)
})
