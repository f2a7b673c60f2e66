/**
 * Series and reschedule under real concurrency (real PostgreSQL only; PGlite runs one query at a
 * time). A competitor takes one occurrence of a series at the same moment the series is booked; a
 * reschedule races another customer for the last seat of its new slot; two reschedules cross between
 * the same two slots. Bounded rounds, seconds in all.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Slot } from '../../shared/schemas.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'
import { weeklySlots } from '../helpers/weeklySlots.js'

const ROUNDS = 6
const WEEKS = 4
/** The occurrence the competitor takes. */
const CONTESTED = 2

let server: TestServer
let hour = 0
const nextStart = () => 3 + ++hour / 24

beforeAll(async () => {
  if (onRealPostgres) server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

const customers: ApiClient[] = []
/** The i-th customer, signed in once (signing in hashes a password: the slow part of a round). */
async function customer(i: number): Promise<ApiClient> {
  while (customers.length <= i) {
    const user = await server.seed.createCustomer()
    customers.push(server.api(await server.signIn(user.email)))
  }
  return customers[i] as ApiClient
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function seats(slotId: string): Promise<number> {
  const { rows } = await server.db.query<{ current_bookings: number }>(
    'SELECT current_bookings FROM slots WHERE id = $1',
    [slotId],
  )
  return rows[0]?.current_bookings ?? -1
}

interface Race {
  series: { booked: number; occurrences: { ok: boolean; code?: string }[] }
  competitorWon: boolean
  slots: Slot[]
}

/** The competitor starts `delayMs` after the series, so rounds see both orders of the race. */
async function raceSeriesAgainstCompetitor(mode: string, delayMs: number): Promise<Race> {
  const slots = await weeklySlots(server.seed, { weeks: WEEKS, daysFromNow: nextStart() })
  const [booker, competitor] = [await customer(0), await customer(1)]
  const [series, competing] = await Promise.all([
    booker.post('/api/bookings/series', { firstSlotId: slots[0]?.id, weeks: WEEKS, mode }),
    pause(delayMs).then(() => competitor.post('/api/bookings', { slotId: slots[CONTESTED]?.id })),
  ])
  expect(series.status).toBe(201)
  expect([201, 409]).toContain(competing.status)
  return { series: series.body, competitorWon: competing.status === 201, slots }
}

describe.runIf(onRealPostgres)('series and reschedule under concurrency on real PostgreSQL', () => {
  it('ALL_OR_NOTHING against a competitor taking one occurrence: all seats or none, never some', async () => {
    const orders = new Set<string>()
    for (let round = 0; round < ROUNDS; round++) {
      const { series, competitorWon, slots } = await raceSeriesAgainstCompetitor('ALL_OR_NOTHING', round * 8)
      orders.add(competitorWon ? 'competitor first' : 'series first')
      const held = await Promise.all(slots.map((slot) => seats(slot.id)))
      if (competitorWon) {
        expect(series.booked).toBe(0)
        expect(series.occurrences.map((o) => o.code)).toEqual([
          'ROLLED_BACK',
          'ROLLED_BACK',
          'SLOT_FULL',
          'ROLLED_BACK',
        ])
        expect(held).toEqual([0, 0, 1, 0])
      } else {
        expect(series.booked).toBe(WEEKS)
        expect(held).toEqual([1, 1, 1, 1])
      }
    }
    expect(await counterMismatches(server.db)).toEqual([])
    console.info(`all-or-nothing races: ${[...orders].join(', ')}`)
  })

  it('BOOK_WHAT_IS_FREE against the same competitor: the series keeps every other week', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { series, competitorWon, slots } = await raceSeriesAgainstCompetitor(
        'BOOK_WHAT_IS_FREE',
        round * 8,
      )
      expect(series.booked).toBe(competitorWon ? WEEKS - 1 : WEEKS)
      expect(series.occurrences[CONTESTED]?.ok).toBe(!competitorWon)
      if (competitorWon) expect(series.occurrences[CONTESTED]?.code).toBe('SLOT_FULL')
      expect(await Promise.all(slots.map((slot) => seats(slot.id)))).toEqual([1, 1, 1, 1])
    }
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('the same series sent twice at once (a retried request) is booked once', async () => {
    const slots = await weeklySlots(server.seed, { weeks: 3, maxBookings: 2, daysFromNow: nextStart() })
    const booker = await customer(2)
    const body = { id: randomUUID(), firstSlotId: slots[0]?.id, weeks: 3, mode: 'ALL_OR_NOTHING' }
    const [first, second] = await Promise.all([
      booker.post('/api/bookings/series', body),
      booker.post('/api/bookings/series', body),
    ])
    expect([first.status, second.status]).toEqual([201, 201])
    expect(second.body).toEqual(first.body)
    expect(await Promise.all(slots.map((slot) => seats(slot.id)))).toEqual([1, 1, 1])
  })

  it('a reschedule racing a booking for the last seat of the new slot never loses the old seat', async () => {
    const outcomes = new Set<number>()
    for (let round = 0; round < ROUNDS * 2; round++) {
      const [from, to] = [
        await server.seed.createSlot({ maxBookings: 1 }),
        await server.seed.createSlot({ maxBookings: 1 }),
      ]
      const [mover, rival] = [await customer(0), await customer(1)]
      const booking = (await mover.post('/api/bookings', { slotId: from.id })).body
      const [moved, rivalBooking] = await Promise.all([
        mover.post(`/api/bookings/${booking.id}/reschedule`, { slotId: to.id }),
        rival.post('/api/bookings', { slotId: to.id }),
      ])
      outcomes.add(moved.status)
      // Exactly one of them got the seat in `to`.
      expect(rivalBooking.status).toBe(moved.status === 200 ? 409 : 201)
      const after = (await mover.get(`/api/bookings/${booking.id}`)).body
      if (moved.status === 200) {
        expect(after.slotId).toBe(to.id)
        expect([await seats(from.id), await seats(to.id)]).toEqual([0, 1])
      } else {
        expect(moved.body.code).toBe('SLOT_FULL')
        expect(after).toMatchObject({ slotId: from.id, status: 'PENDING' })
        expect([await seats(from.id), await seats(to.id)]).toEqual([1, 1])
      }
    }
    expect(await counterMismatches(server.db)).toEqual([])
    console.info(`reschedule race answers seen: ${[...outcomes].join(', ')}`)
  })

  it('reschedules crossing between the same two slots all succeed (no deadlock)', async () => {
    const PER_SIDE = 6
    for (let round = 0; round < ROUNDS / 2; round++) {
      const [a, b] = [
        await server.seed.createSlot({ maxBookings: 2 * PER_SIDE }),
        await server.seed.createSlot({ maxBookings: 2 * PER_SIDE }),
      ]
      const moves: (() => Promise<{ status: number }>)[] = []
      for (let i = 0; i < PER_SIDE; i++) {
        // A customer per booking: one customer's second booking could not move into a slot they
        // already hold (RESCHEDULE_ALREADY_BOOKED).
        const [first, second] = [await customer(3 + i), await customer(3 + PER_SIDE + i)]
        const inA = (await first.post('/api/bookings', { slotId: a.id })).body
        const inB = (await second.post('/api/bookings', { slotId: b.id })).body
        moves.push(() => first.post(`/api/bookings/${inA.id}/reschedule`, { slotId: b.id }))
        moves.push(() => second.post(`/api/bookings/${inB.id}/reschedule`, { slotId: a.id }))
      }
      const answers = await Promise.all(moves.map((move) => move()))
      expect(answers.map((answer) => answer.status)).toEqual(moves.map(() => 200))
      expect([await seats(a.id), await seats(b.id)]).toEqual([PER_SIDE, PER_SIDE])
    }
    expect(await counterMismatches(server.db)).toEqual([])
  })
})
