/**
 * Migration 028 (`declined`) on a database written before it: the bookings insights count as declined
 * (the provider's 'booking.cancelled' audit row from PENDING) are marked declined and re-stamped, so
 * devices pull them; every other booking stays false and unchanged.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../server/db/migrate.js'
import { oldProviderSlot } from '../helpers/oldSchemaRows.js'
import { type TestDatabase, openTestDatabase } from '../helpers/testDatabase.js'

const BEFORE = '027_webhook_endpoint_urls_and_log_history.sql'
const MIGRATION = '028_booking_declined.sql'

let test: TestDatabase
beforeAll(async () => {
  test = await openTestDatabase({ migrateUntil: BEFORE })
})
afterAll(async () => {
  await test?.dispose()
})

describe('migration 028: declines recorded before it', () => {
  it('marks the provider’s cancellations of requests declined (re-stamped), nothing else', async () => {
    const { db } = test
    const {
      provider,
      customers: [customer],
      slot,
    } = await oldProviderSlot(db, 1, 1)
    // Each cancelled booking with the audit row its cancellation wrote: by whom, from which status.
    const made = {
      declined: { status: 'CANCELLED', by: provider, from: 'PENDING' },
      cancelledConfirmed: { status: 'CANCELLED', by: provider, from: 'CONFIRMED' },
      withdrawn: { status: 'CANCELLED', by: customer, from: 'PENDING' },
      waiting: { status: 'PENDING', by: null, from: null },
    }
    const ids = Object.fromEntries(Object.keys(made).map((k) => [k, randomUUID()])) as Record<
      keyof typeof made,
      string
    >
    for (const [key, b] of Object.entries(made) as [keyof typeof made, (typeof made)['declined']][]) {
      await db.query(
        `INSERT INTO bookings (id, slot_id, provider_id, service_id, customer_id, start_time, status)
         SELECT $1, s.id, s.provider_id, s.service_id, $2, s.start_time, $3 FROM slots s WHERE s.id = $4`,
        [ids[key], customer, b.status, slot],
      )
      if (b.by === null) continue
      await db.query(
        `INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
         VALUES ($1, $2, 'booking.cancelled', 'booking', $3, jsonb_build_object('status', $4::text),
                 jsonb_build_object('status', 'CANCELLED'))`,
        [b.by, provider, ids[key], b.from],
      )
    }
    const stampBefore = await db.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot')

    expect(await migrate(db, MIGRATION)).toEqual([MIGRATION])

    const { rows } = await db.query<{ id: string; declined: boolean; changed: boolean }>(
      `SELECT id, declined, change_xid >= pg_snapshot_xmax($1::text::pg_snapshot) AS changed
       FROM bookings WHERE slot_id = $2`,
      [stampBefore.rows[0]?.snapshot, slot],
    )
    const byId = new Map(rows.map((r) => [r.id, { declined: r.declined, changed: r.changed }]))
    expect({
      declined: byId.get(ids.declined),
      cancelledConfirmed: byId.get(ids.cancelledConfirmed),
      withdrawn: byId.get(ids.withdrawn),
      waiting: byId.get(ids.waiting),
    }).toEqual({
      declined: { declined: true, changed: true },
      cancelledConfirmed: { declined: false, changed: false },
      withdrawn: { declined: false, changed: false },
      waiting: { declined: false, changed: false },
    })
  })
})
