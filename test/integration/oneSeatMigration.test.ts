/**
 * Migration 022 (one seat per customer per slot, invariant 12) on a database written before it, where
 * a customer could hold two seats of one slot: the first booking made stays, the others are cancelled
 * with a reason the customer sees and marked changed (so devices pull them), their seats are given
 * back, and from then on the unique index refuses a second active booking whatever the path.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../server/db/migrate.js'
import { oldProviderSlot } from '../helpers/oldSchemaRows.js'
import { type TestDatabase, openTestDatabase } from '../helpers/testDatabase.js'

const BEFORE = '021_webhook_rows_without_foreign_keys.sql'

let test: TestDatabase
beforeAll(async () => {
  test = await openTestDatabase({ migrateUntil: BEFORE })
})
afterAll(async () => {
  await test?.dispose()
})

describe('migration 022: seats a customer held twice', () => {
  it('keeps the first booking of each customer and slot, cancels the rest, and gives their seats back', async () => {
    const { db } = test
    const {
      customers: [twice, once],
      slot,
    } = await oldProviderSlot(db, 2, 4)
    // `twice` booked three times (the second and third must go), `once` once; a cancelled booking of
    // `twice` never counted.
    const made = [
      { customer: twice, status: 'CONFIRMED', minutesAgo: 30 },
      { customer: twice, status: 'PENDING', minutesAgo: 20 },
      { customer: once, status: 'PENDING', minutesAgo: 15 },
      { customer: twice, status: 'CANCELLED', minutesAgo: 12 },
      { customer: twice, status: 'PENDING', minutesAgo: 10 },
    ].map((b) => ({ ...b, id: randomUUID() }))
    for (const b of made) {
      await db.query(
        `INSERT INTO bookings (id, slot_id, provider_id, service_id, customer_id, start_time, status, created_at)
         SELECT $1, s.id, s.provider_id, s.service_id, $2, s.start_time, $3, now() - $4 * interval '1 minute'
         FROM slots s WHERE s.id = $5`,
        [b.id, b.customer, b.status, b.minutesAgo, slot],
      )
    }
    const stampBefore = await db.query<{ xid: string }>('SELECT pg_current_snapshot()::text AS xid')

    expect(await migrate(db, '022_one_seat_per_customer.sql')).toEqual(['022_one_seat_per_customer.sql'])

    const { rows } = await db.query<{
      id: string
      status: string
      status_reason: string | null
      changed: boolean
    }>(
      `SELECT id, status, status_reason,
              change_xid >= pg_snapshot_xmax($1::text::pg_snapshot) AS changed
       FROM bookings WHERE slot_id = $2`,
      [stampBefore.rows[0]?.xid, slot],
    )
    const byId = new Map(rows.map((r) => [r.id, r]))
    const [first, second, theirs, cancelled, third] = made.map((b) => byId.get(b.id))
    expect(first).toMatchObject({ status: 'CONFIRMED', changed: false })
    expect(theirs).toMatchObject({ status: 'PENDING', changed: false })
    expect(cancelled).toMatchObject({ status: 'CANCELLED', changed: false })
    for (const extra of [second, third]) {
      expect(extra).toMatchObject({ status: 'CANCELLED', changed: true })
      expect(extra?.status_reason).toContain('one customer holds one seat per slot')
    }
    const seats = await db.query<{ n: number }>('SELECT current_bookings AS n FROM slots WHERE id = $1', [
      slot,
    ])
    expect(seats.rows[0]?.n).toBe(2)

    // From now on the index refuses a second active seat even to a statement that does not ask.
    await expect(
      db.query(
        `INSERT INTO bookings (id, slot_id, provider_id, service_id, customer_id, start_time, status)
         SELECT $1, s.id, s.provider_id, s.service_id, $2, s.start_time, 'PENDING' FROM slots s WHERE s.id = $3`,
        [randomUUID(), once, slot],
      ),
    ).rejects.toThrow(/bookings_one_seat_per_customer/)
  })
})
