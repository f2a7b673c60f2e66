/**
 * Migration 019 (the webhook outbox) on a database written before it: deliveries the old write path
 * left pending must still go out. 019 copies each into webhook_outbox; the relay
 * (webhookDeliveries.ts relayOutbox) then queues that very delivery row (ON CONFLICT: the row
 * exists) instead of writing a second one, and leaves deliveries that were already queued,
 * delivered or failed as they were.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../server/db/migrate.js'
import { relayOutbox } from '../../server/domain/webhookDeliveries.js'
import { type TestDatabase, openTestDatabase } from '../helpers/testDatabase.js'

const BEFORE_OUTBOX = '018_tenant_webhooks_series.sql'
const STATUSES = ['pending', 'queued', 'delivered', 'failed', 'pending'] as const

let test: TestDatabase
beforeAll(async () => {
  test = await openTestDatabase({ migrateUntil: BEFORE_OUTBOX })
})
afterAll(async () => {
  await test?.dispose()
})

describe('migration 019: deliveries left pending by the old outbox', () => {
  it('are relayed once each, as the same delivery rows; the others keep their status', async () => {
    const { db } = test
    const provider = randomUUID()
    const endpoint = randomUUID()
    await db.query(
      `INSERT INTO users (id, email, name, role, password_hash)
       VALUES ($1, $2, 'Old provider', 'provider', 'not-a-hash')`,
      [provider, `old-${provider}@example.test`],
    )
    await db.query(
      `INSERT INTO webhook_endpoints (id, provider_id, url, events, secret)
       VALUES ($1, $2, 'http://127.0.0.1:9/hook', ARRAY['booking.created'], 'whsec_old')`,
      [endpoint, provider],
    )
    const deliveries: { id: number; status: string }[] = []
    for (const status of STATUSES) {
      const { rows } = await db.query<{ id: string }>(
        `WITH event AS (
           INSERT INTO webhook_events (provider_id, type, entity_id, data)
           VALUES ($1, 'booking.created', $2, '{}'::jsonb) RETURNING id
         )
         INSERT INTO webhook_deliveries (event_id, endpoint_id, status)
         SELECT id, $3, $4 FROM event RETURNING id`,
        [provider, randomUUID(), endpoint, status],
      )
      deliveries.push({ id: Number(rows[0]?.id), status })
    }

    const applied = await migrate(db)
    expect(applied[0]).toBe('019_webhook_outbox.sql')

    const relayed = await db.transaction((tx) => relayOutbox(tx, 100))
    const pendingIds = deliveries.filter((d) => d.status === 'pending').map((d) => d.id)
    expect(relayed).toEqual(pendingIds)
    const { rows } = await db.query<{ id: string; status: string }>(
      'SELECT id, status FROM webhook_deliveries ORDER BY id',
    )
    expect(rows.map((r) => ({ id: Number(r.id), status: r.status }))).toEqual(
      deliveries.map((d) => ({ id: d.id, status: d.status === 'pending' ? 'queued' : d.status })),
    )
    // Nothing left to relay: a second pass writes no delivery twice.
    expect(await db.transaction((tx) => relayOutbox(tx, 100))).toEqual([])
  })
})
