/**
 * The one-seat check (invariant 12, server/domain/bookingRows.ts seatHeldSql) stays one index probe per
 * row for a customer with many bookings (migration 024): as the owner even with statistics taken
 * before those bookings existed (a fresh database), as the requests' role under row-level security
 * with statistics. It used to read every booking the customer had, per row: a device pushing 1,000
 * offline bookings read 500 x 1,000 bookings in its second push request. Measured on the batch
 * statement's plan (EXPLAIN ANALYZE): the rows the check's scan read and threw away.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creationNotice } from '../../server/domain/bookSeat.js'
import { BOOK_SEATS_SQL } from '../../server/domain/bookSeats.js'
import { DEFAULT_ORGANISATION_ID } from '../../server/domain/organisations.js'
import type { Database } from '../../server/db/database.js'
import { type TestDatabase, onRealPostgres, openTestDatabase } from '../helpers/testDatabase.js'
import { type TestFixtures, createFixtures } from '../helpers/testFixtures.js'

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  Alias?: string
  'Actual Loops'?: number
  'Rows Removed by Filter'?: number
  'Rows Removed by Index Recheck'?: number
  'Heap Fetches'?: number
  'Actual Rows'?: number
  Plans?: PlanNode[]
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)]
}

/** The batch statement's parameters for `slotIds`, all booked by `customerId`. */
function batchParams(customerId: string, slotIds: string[]): unknown[] {
  const pending = creationNotice('customer', 'PENDING')
  const confirmed = creationNotice('customer', 'CONFIRMED')
  const ids = slotIds.map(() => randomUUID())
  return [
    ids,
    slotIds,
    ids.map(() => ''),
    ids.map(() => customerId),
    pending?.kind ?? null,
    confirmed?.kind ?? null,
    pending?.target ?? null,
    confirmed?.target ?? null,
    ids.map(() => null),
  ]
}

describe.runIf(onRealPostgres)('the one-seat check is a probe per row', () => {
  let database: TestDatabase
  let appRole: Database
  let seed: TestFixtures

  beforeAll(async () => {
    database = await openTestDatabase()
    appRole = database.db.asRole('uniservice_app')
    seed = await createFixtures(database.db)
  })
  afterAll(async () => {
    await appRole?.close()
    await database?.dispose()
  })

  /** The plan nodes of the check in the batch statement booking `slotIds`, run (and so booked) as `db`. */
  async function checkScans(db: Database, customerId: string, slotIds: string[]): Promise<PlanNode[]> {
    const { rows } = await db.transaction(
      (tx) =>
        tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${BOOK_SEATS_SQL}`,
          batchParams(customerId, slotIds),
        ),
      { settings: { 'app.organisation_id': DEFAULT_ORGANISATION_ID } },
    )
    const plan = rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode
    return nodes(plan).filter((n) => n.Alias === 'held')
  }

  it('reads at most the booking it looks for, for a customer holding 300 bookings', async () => {
    const customer = await seed.createCustomer('many-bookings')
    const slots = []
    for (let i = 0; i < 360; i++) slots.push((await seed.createSlot({ maxBookings: 5 })).id)
    // Statistics taken while the customer had no booking, as on a fresh database.
    await database.db.query('VACUUM ANALYZE bookings')
    await database.db.query(BOOK_SEATS_SQL, batchParams(customer.id, slots.slice(0, 300)))

    // As the owner, and as the requests' role under row-level security (which adds the organisation to
    // every query on bookings).
    for (const [db, from, to] of [
      [database.db, 300, 330],
      [appRole, 330, 360],
    ] as const) {
      // Under row-level security with no statistics at all PostgreSQL may still probe another index on
      // the organisation alone (migration 024 says so); with them it takes the unique index.
      if (db === appRole) await database.db.query('ANALYZE bookings')
      const checks = await checkScans(db, customer.id, slots.slice(from, to))
      expect(checks.length).toBeGreaterThan(0)
      for (const check of checks) {
        expect(check['Actual Loops']).toBe(30)
        // Per row (EXPLAIN's row counts are per loop): at most the customer's booking of that slot
        // (none here), not their 300 others.
        expect((check['Rows Removed by Filter'] ?? 0) + (check['Actual Rows'] ?? 0)).toBeLessThanOrEqual(1)
      }
    }
    const booked = await database.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM bookings WHERE customer_id = $1 AND status IN ('PENDING', 'CONFIRMED')",
      [customer.id],
    )
    // EXPLAIN ANALYZE ran the statements: their 60 bookings were made too.
    expect(Number(booked.rows[0]?.n)).toBe(360)
  })
})
