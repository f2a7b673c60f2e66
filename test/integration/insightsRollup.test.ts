/**
 * Issue 12: insights read closed slots' bookings from the rollup (server/domain/insightsRollup.ts),
 * and the figures must be exactly those computed from the bookings alone, whatever was written
 * after the rollup's last refresh.
 *
 * Property, one fresh provider per run: a random history (slots from four months ago to next week,
 * around the rollup's closed_before too; bookings in every status, made long before or after the
 * start, cancelled by either side, deleted), a refresh, then a random sequence of late writes to
 * it (status changes with their audit rows, soft and hard deletes, bookings moved to another slot,
 * bookings created after the fact, price changes, slots blocked or deleted) and refreshes. As the
 * domain would, it gives a customer at most one active booking of a slot (invariant 12): a booking
 * is made by the planned customer or, if they hold a seat there, the next one who does not, and a
 * move that would give a customer a second seat is left undone (a reschedule refuses it). After
 * every step the insights as the route computes them equal the insights of the same data with the
 * rollup hidden (its state row deleted in a transaction that is rolled back: every day read live).
 * The seed and run count are printed; PROPERTY_SEED replays a run, PROPERTY_RUNS changes the count.
 * Runs on both engines (CI: real PostgreSQL); the concurrent-writer case needs two connections.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Insights } from '../../shared/insightsSchemas.js'
import type { BookingStatus } from '../../shared/schemas.js'
import type { Database } from '../../server/db/database.js'
import { organisationDatabase } from '../../server/db/tenantScope.js'
import { providerInsights } from '../../server/domain/insights.js'
import { refreshInsightsRollup } from '../../server/domain/insightsRollup.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { insertService } from '../../server/domain/services.js'
import { insertUser } from '../../server/domain/users.js'
import { refreshInsightsRollups } from '../../server/jobs/maintenance.js'
import { insertBookingRow, insertSlotRow } from '../helpers/pastBookings.js'
import { type TestDatabase, onRealPostgres, openTestDatabase } from '../helpers/testDatabase.js'

const RUNS = Number(process.env.PROPERTY_RUNS ?? (onRealPostgres ? 60 : 25))
const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31)
const HOUR = 3_600_000
const DAY = 24 * HOUR
const TIME_ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'] as const

let database: TestDatabase
let appRole: Database
/** As the route runs: the application role in the organisation. */
let requests: Database
/** As the maintenance job runs: the owner in the organisation. */
let system: Database
let customerIds: string[]
/** More customers than a slot has seats, so a slot with room always has a customer without a seat in it. */
const CUSTOMERS = 5

async function newUser(
  role: 'provider' | 'customer',
  timeZone = 'UTC',
  organisationId = DEFAULT_ORGANISATION_ID,
) {
  const user = await insertUser(database.db, {
    email: `${role}-${randomUUID()}@test.example`,
    name: role,
    role,
    passwordHash: 'not-a-password-hash',
    timeZone,
  })
  await addMembership(database.db, organisationId, user.id, role)
  return user.id
}

beforeAll(async () => {
  database = await openTestDatabase()
  appRole = database.db.asRole('uniservice_app')
  requests = organisationDatabase(appRole, DEFAULT_ORGANISATION_ID)
  system = organisationDatabase(database.db, DEFAULT_ORGANISATION_ID)
  customerIds = []
  for (let n = 0; n < CUSTOMERS; n++) customerIds.push(await newUser('customer'))
})
afterAll(async () => {
  await appRole?.close()
  await database?.dispose()
})

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
/** Nine weeks up to next week (the previous period reaches back four months). */
const period = () => ({ from: day(Date.now() - 56 * DAY), to: day(Date.now() + 7 * DAY) })

async function insights(db: Database, providerId: string, hideRollup = false): Promise<Insights> {
  const actor = { userId: providerId, role: 'provider' as const }
  const rolledBack = new Error('rolled back')
  let answer: Insights | undefined
  await db
    .transaction(async (tx) => {
      if (hideRollup) await tx.query('DELETE FROM insights_rollup_state WHERE provider_id = $1', [providerId])
      const outcome = await providerInsights(tx, actor, providerId, period())
      if (!outcome.ok) throw outcome.refusal
      answer = outcome.value
      if (hideRollup) throw rolledBack
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error
    })
  if (!answer) throw new Error('no insights')
  return answer
}

/** The insights as the route answers them, and the same with every day read from the bookings. */
async function expectRollupToMatchLive(providerId: string): Promise<Insights> {
  const live = await insights(requests, providerId, true)
  expect(await insights(requests, providerId)).toEqual(live)
  return live
}

const refresh = (providerId: string) => system.transaction((tx) => refreshInsightsRollup(tx, providerId))

/**
 * A refresh whose watermark is above every write to the provider's rows, so that their days come
 * from the rollup. The watermark is the oldest transaction still running; on real PostgreSQL other
 * test files run theirs at the same time, and while one that began before these writes is open
 * the days are (rightly) read live. Waits, bounded, until those have ended.
 */
async function settledRefresh(providerId: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const { rows } = await database.db.query<{ settled: boolean }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot()) > greatest(
         (SELECT max(change_xid) FROM bookings WHERE provider_id = $1),
         (SELECT max(change_xid) FROM slots WHERE provider_id = $1)) AS settled`,
      [providerId],
    )
    if (rows[0]?.settled) break
    if (Date.now() > deadline) throw new Error('a transaction older than the writes stayed open for 30 s')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await refresh(providerId)
}

type Canceller = 'customer' | 'provider-pending' | 'provider-confirmed' | 'none'
interface BookingPlan {
  status: BookingStatus
  /** hours from booking to the slot's start (negative: booked after it started) */
  leadHours: number
  canceller: Canceller
  deleted: boolean
  customer: number
}
interface SlotPlan {
  hoursFromNow: number
  maxBookings: number
  service: number
  bookings: BookingPlan[]
}

const canceller = fc.constantFrom<Canceller>('customer', 'provider-pending', 'provider-confirmed', 'none')
const bookingPlan: fc.Arbitrary<BookingPlan> = fc.record({
  status: fc.constantFrom<BookingStatus>('PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'REJECTED'),
  leadHours: fc.oneof(fc.integer({ min: -3, max: 80 }), fc.integer({ min: 0, max: 24 * 45 })),
  canceller,
  deleted: fc.integer({ min: 0, max: 99 }).map((n) => n < 15),
  customer: fc.nat(CUSTOMERS - 1),
})
const slotPlan: fc.Arbitrary<SlotPlan> = fc.record({
  // from four months ago to next week, and often around the rollup's closed_before (a day ago)
  hoursFromNow: fc.oneof(fc.integer({ min: -24 * 125, max: 24 * 6 }), fc.integer({ min: -30, max: -18 })),
  maxBookings: fc.integer({ min: 1, max: 4 }),
  service: fc.nat(1),
  bookings: fc.array(bookingPlan, { maxLength: 5 }),
})

type Change =
  | { kind: 'refresh' }
  | { kind: 'status'; booking: number; to: 'COMPLETED' | 'CANCELLED'; by: Canceller }
  | { kind: 'softDelete'; booking: number }
  | { kind: 'hardDelete'; booking: number }
  | { kind: 'move'; booking: number; slot: number }
  | { kind: 'create'; slot: number; plan: BookingPlan }
  | { kind: 'price'; service: number }
  | { kind: 'slot'; slot: number; blocked: boolean; deleted: boolean }

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.constant({ kind: 'refresh' as const }),
  fc.record({
    kind: fc.constant('status' as const),
    booking: fc.nat(),
    to: fc.constantFrom('COMPLETED' as const, 'CANCELLED' as const),
    by: canceller,
  }),
  fc.record({ kind: fc.constant('softDelete' as const), booking: fc.nat() }),
  fc.record({ kind: fc.constant('hardDelete' as const), booking: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), booking: fc.nat(), slot: fc.nat() }),
  fc.record({ kind: fc.constant('create' as const), slot: fc.nat(), plan: bookingPlan }),
  fc.record({ kind: fc.constant('price' as const), service: fc.nat(1) }),
  fc.record({
    kind: fc.constant('slot' as const),
    slot: fc.nat(),
    blocked: fc.boolean(),
    deleted: fc.boolean(),
  }),
)

interface History {
  providerId: string
  serviceIds: string[]
  slotIds: string[]
  bookingIds: string[]
}

/**
 * Writes a booking as the domain would have (an audit row for a cancellation); a full slot gets a
 * completed one. An active one goes to the planned customer or, where they hold a seat of the slot
 * already (invariant 12), to the next customer who does not; if every customer holds one, it is
 * completed as on a full slot.
 */
async function addBooking(history: History, slotId: string, plan: BookingPlan): Promise<void> {
  const { rows } = await database.db.query<{ start_time: Date; room: boolean; seated: string[] }>(
    `SELECT s.start_time, s.current_bookings < s.max_bookings AS room,
            ARRAY(SELECT b.customer_id FROM bookings b
                  WHERE b.slot_id = s.id AND b.status IN ('PENDING', 'CONFIRMED') AND NOT b.deleted) AS seated
     FROM slots s WHERE s.id = $1`,
    [slotId],
  )
  const slot = rows[0]
  if (!slot) return
  const active = (plan.status === 'PENDING' || plan.status === 'CONFIRMED') && !plan.deleted
  const customer = active
    ? Array.from({ length: CUSTOMERS }, (_, n) => (plan.customer + n) % CUSTOMERS).find(
        (c) => !slot.seated.includes(customerIds[c] as string),
      )
    : plan.customer
  const status = active && (!slot.room || customer === undefined) ? 'COMPLETED' : plan.status
  const customerId = customerIds[customer ?? plan.customer] as string
  const cancelledBy =
    status !== 'CANCELLED' || plan.canceller === 'none'
      ? undefined
      : plan.canceller === 'customer'
        ? { actorId: customerId, fromStatus: 'CONFIRMED' as const }
        : {
            actorId: history.providerId,
            fromStatus: plan.canceller === 'provider-pending' ? ('PENDING' as const) : ('CONFIRMED' as const),
          }
  const id = await insertBookingRow(database.db, {
    slotId,
    customerId,
    status,
    createdAt: new Date(slot.start_time.getTime() - plan.leadHours * HOUR).toISOString(),
    cancelledBy,
    deleted: plan.deleted,
  })
  history.bookingIds.push(id)
}

async function writeHistory(timeZone: string, plans: SlotPlan[]): Promise<History> {
  const providerId = await newUser('provider', timeZone)
  const services = [
    await insertService(database.db, providerId, {
      name: 'Physio',
      durationMinutes: 60,
      priceMinor: 5000,
      currency: 'EUR',
    }),
    await insertService(database.db, providerId, {
      name: 'Yoga',
      durationMinutes: 60,
      priceMinor: 1500,
      currency: 'CHF',
    }),
  ]
  const history: History = { providerId, serviceIds: services.map((s) => s.id), slotIds: [], bookingIds: [] }
  const thisHour = Math.floor(Date.now() / HOUR) * HOUR
  for (const plan of plans) {
    const slotId = await insertSlotRow(database.db, {
      providerId,
      serviceId: history.serviceIds[plan.service] as string,
      start: new Date(thisHour + plan.hoursFromNow * HOUR).toISOString(),
      maxBookings: plan.maxBookings,
    })
    history.slotIds.push(slotId)
    for (const booking of plan.bookings) await addBooking(history, slotId, booking)
  }
  return history
}

const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % Math.max(items.length, 1)]

/** One late write, each in a transaction of its own as the application would commit it. */
async function apply(history: History, step: Change): Promise<void> {
  const db = database.db
  switch (step.kind) {
    case 'refresh':
      await refresh(history.providerId)
      return
    case 'status': {
      const id = pick(history.bookingIds, step.booking)
      if (!id) return
      await db.transaction(async (tx) => {
        const updated = await tx.query(
          "UPDATE bookings SET status = $2 WHERE id = $1 AND status NOT IN ('REJECTED', $2) RETURNING status",
          [id, step.to],
        )
        if (updated.rowCount === 1 && step.to === 'CANCELLED' && step.by !== 'none') {
          const actor = step.by === 'customer' ? 'b.customer_id' : 'b.provider_id'
          const from = step.by === 'provider-pending' ? 'PENDING' : 'CONFIRMED'
          await tx.query(
            `INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
             SELECT ${actor}, b.provider_id, 'booking.cancelled', 'booking', b.id,
                    jsonb_build_object('status', $2::text), jsonb_build_object('status', 'CANCELLED')
             FROM bookings b WHERE b.id = $1`,
            [id, from],
          )
        }
      })
      return
    }
    case 'softDelete': {
      const id = pick(history.bookingIds, step.booking)
      if (id) await db.query('UPDATE bookings SET deleted = true WHERE id = $1', [id])
      return
    }
    case 'hardDelete': {
      const id = pick(history.bookingIds, step.booking)
      if (!id) return
      await db.query('DELETE FROM bookings WHERE id = $1', [id])
      history.bookingIds = history.bookingIds.filter((b) => b !== id)
      return
    }
    case 'move': {
      const id = pick(history.bookingIds, step.booking)
      const slotId = pick(history.slotIds, step.slot)
      if (!id || !slotId) return
      // What a reschedule writes (server/domain/reschedule.ts), also between closed slots; like a
      // reschedule, not where the booking is active and its customer holds a seat of the slot already.
      await db.query(
        `UPDATE bookings b SET slot_id = s.id, service_id = s.service_id, start_time = s.start_time
         FROM slots s WHERE b.id = $1 AND s.id = $2
           AND NOT (b.status IN ('PENDING', 'CONFIRMED') AND NOT b.deleted AND EXISTS (
             SELECT 1 FROM bookings o
             WHERE o.slot_id = s.id AND o.customer_id = b.customer_id AND o.id <> b.id
               AND o.status IN ('PENDING', 'CONFIRMED') AND NOT o.deleted))`,
        [id, slotId],
      )
      return
    }
    case 'create': {
      const slotId = pick(history.slotIds, step.slot)
      if (slotId) await addBooking(history, slotId, step.plan)
      return
    }
    case 'price': {
      const serviceId = history.serviceIds[step.service] as string
      await db.query('UPDATE services SET price_minor = price_minor + 700 WHERE id = $1', [serviceId])
      return
    }
    case 'slot': {
      const slotId = pick(history.slotIds, step.slot)
      if (!slotId) return
      await db.query('UPDATE slots SET blocked = $2, deleted = $3 WHERE id = $1', [
        slotId,
        step.blocked,
        step.deleted,
      ])
    }
  }
}

describe('insights from the rollup equal insights from the bookings', () => {
  it(`after any late writes to closed slots' bookings (${RUNS} runs, seed ${SEED})`, async () => {
    console.log(`insights rollup property: ${RUNS} runs, seed ${SEED} (PROPERTY_SEED replays it)`)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TIME_ZONES),
        fc.array(slotPlan, { minLength: 1, maxLength: 12 }),
        fc.array(change, { maxLength: 10 }),
        async (timeZone, plans, changes) => {
          const history = await writeHistory(timeZone, plans)
          await refresh(history.providerId)
          await expectRollupToMatchLive(history.providerId)
          for (const step of changes) {
            await apply(history, step)
            await expectRollupToMatchLive(history.providerId)
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    )
  }, 600_000)
})

describe('which days come from the rollup', () => {
  /** Two closed slots of this period with bookings, and an upcoming one. */
  async function smallHistory(): Promise<History> {
    const booked = (status: BookingStatus): BookingPlan => ({
      status,
      leadHours: 30,
      canceller: 'none',
      deleted: false,
      customer: 0,
    })
    return writeHistory('Europe/Berlin', [
      {
        hoursFromNow: -24 * 10,
        maxBookings: 3,
        service: 0,
        bookings: [booked('COMPLETED'), booked('CANCELLED')],
      },
      { hoursFromNow: -24 * 9, maxBookings: 3, service: 1, bookings: [booked('COMPLETED')] },
      { hoursFromNow: 24 * 2, maxBookings: 3, service: 0, bookings: [booked('CONFIRMED')] },
    ])
  }
  /** Five completed bookings more on the first slot's day, in the rollup only. */
  const tamper = (history: History) =>
    database.db.query(
      `UPDATE insights_day_bookings g SET completed = completed + 5
       FROM slots s WHERE s.id = $2 AND g.provider_id = $1 AND g.day = (s.start_time AT TIME ZONE 'Europe/Berlin')::date`,
      [history.providerId, history.slotIds[0]],
    )

  it('a closed day is read from the rollup until a booking on it is written, then live', async () => {
    const history = await smallHistory()
    await settledRefresh(history.providerId)
    const live = await expectRollupToMatchLive(history.providerId)
    expect(live.current.completed).toBe(2)
    // Tampering with the rollup shows in the figures: they come from it...
    await tamper(history)
    expect((await insights(requests, history.providerId)).current.completed).toBe(7)
    // ...until any write to a booking of that day, after which the day is read from its bookings,
    await database.db.query(
      "UPDATE bookings SET notes = 'seen later' WHERE slot_id = $1 AND status = 'CANCELLED'",
      [history.slotIds[0]],
    )
    expect((await insights(requests, history.providerId)).current.completed).toBe(2)
    // and the next refresh recomputes it.
    await settledRefresh(history.providerId)
    await tamper(history)
    expect((await insights(requests, history.providerId)).current.completed).toBe(7)
  })

  it('a day a booking moved away from is read live until the next refresh', async () => {
    const history = await smallHistory()
    await settledRefresh(history.providerId)
    await tamper(history)
    await database.db.query(
      `UPDATE bookings b SET slot_id = s.id, service_id = s.service_id, start_time = s.start_time
       FROM slots s WHERE b.slot_id = $1 AND b.status = 'CANCELLED' AND s.id = $2`,
      [history.slotIds[0], history.slotIds[1]],
    )
    expect((await insights(requests, history.providerId)).current.completed).toBe(2)
    await expectRollupToMatchLive(history.providerId)
  })

  it.runIf(onRealPostgres)(
    'a write by a transaction that began before a refresh and commits after it is read live',
    async () => {
      const history = await smallHistory()
      await refresh(history.providerId)
      const writer = new pg.Client({ connectionString: database.url })
      await writer.connect()
      try {
        await writer.query('BEGIN')
        await writer.query(
          "UPDATE bookings SET status = 'CANCELLED' WHERE slot_id = $1 AND status = 'COMPLETED'",
          [history.slotIds[1]],
        )
        // The refresh's snapshot does not see the write: the day stays in the rollup as it was.
        await refresh(history.providerId)
        await writer.query('COMMIT')
      } finally {
        await writer.end()
      }
      const live = await expectRollupToMatchLive(history.providerId)
      expect(live.current.completed).toBe(1)
      expect(live.current.revenue.find((r) => r.currency === 'CHF')?.lostToCancellations).toBe(1500)
    },
  )
})

describe('the rollup is organisation-scoped', () => {
  it('the application role sees only its organisation’s rollup rows, and none unscoped', async () => {
    const otherId = randomUUID()
    await database.db.query("INSERT INTO organisations (id, name, slug) VALUES ($1, 'Other', $2)", [
      otherId,
      `org-${otherId.slice(0, 8)}`,
    ])
    const history = await writeHistory('UTC', [
      { hoursFromNow: -48, maxBookings: 2, service: 0, bookings: [] },
    ])
    await addBooking(history, history.slotIds[0] as string, {
      status: 'COMPLETED',
      leadHours: 5,
      canceller: 'none',
      deleted: false,
      customer: 1,
    })
    const otherProvider = await newUser('provider', 'UTC', otherId)
    const otherService = await organisationDatabase(database.db, otherId).transaction((tx) =>
      insertService(tx, otherProvider, {
        name: 'Other',
        durationMinutes: 60,
        priceMinor: 100,
        currency: 'EUR',
      }),
    )
    await organisationDatabase(database.db, otherId).transaction(async (tx) => {
      const slotId = await insertSlotRow(tx, {
        providerId: otherProvider,
        serviceId: otherService.id,
        start: new Date(Date.now() - 3 * DAY).toISOString(),
        maxBookings: 1,
      })
      await insertBookingRow(tx, {
        slotId,
        customerId: customerIds[0] as string,
        status: 'COMPLETED',
        createdAt: new Date(Date.now() - 5 * DAY).toISOString(),
      })
    })
    // The maintenance job's sweep: every provider with services, each in its organisation.
    await refreshInsightsRollups(database.db)
    for (const table of ['insights_day_bookings', 'insights_day_slots', 'insights_rollup_state']) {
      for (const organisationId of [DEFAULT_ORGANISATION_ID, otherId]) {
        const { rows } = await organisationDatabase(appRole, organisationId).query<{
          organisation_id: string
        }>(`SELECT organisation_id FROM ${table}`)
        expect(rows.length).toBeGreaterThan(0)
        expect(new Set(rows.map((r) => r.organisation_id))).toEqual(new Set([organisationId]))
      }
      expect((await appRole.query(`SELECT * FROM ${table}`)).rows).toEqual([])
    }
  })
})
