/**
 * Recording a failed delivery does not deadlock with the relay: a walk on real PostgreSQL saw
 * `deadlock detected` between the relay (whose inserts into the delivery log check the endpoint's
 * foreign key: FOR KEY SHARE on it) and failure transactions locking the endpoint FOR UPDATE in
 * delivery order. The endpoint is now locked FOR NO KEY UPDATE (what its UPDATE takes anyway, which
 * a key-share lock does not block), and one transaction's failures in one order (recordFailures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../../server/db/database.js'
import { recordFailures } from '../../server/domain/webhookDeliveries.js'
import type { AttemptResult } from '../../server/webhooks/postWebhook.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

const failed: AttemptResult = { ok: false, statusCode: 500, error: 'HTTP 500', durationMs: 3 }
const DISABLE_AFTER_MS = 3_600_000

describe.runIf(onRealPostgres)(
  'a failure recorded while the relay checks the endpoint (real PostgreSQL)',
  () => {
    let server: TestServer

    beforeAll(async () => {
      server = await startTestServer()
    })
    afterAll(async () => {
      await server?.close()
    })

    it("is not held up by the relay's foreign-key lock on the endpoint", async () => {
      const provider = server.api(await server.signIn(server.seed.providerA.email))
      const endpoint = await provider.post('/api/webhooks', {
        url: 'http://127.0.0.1:9/failure-locks',
        events: ['booking.created'],
      })
      expect(endpoint.status).toBe(201)
      const endpointId: string = endpoint.body.id

      let release = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      let locked = () => {}
      const keyShareTaken = new Promise<void>((resolve) => {
        locked = resolve
      })
      // What the relay's INSERT INTO webhook_deliveries does to the endpoint row, held open.
      const relay = server.db.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM webhook_endpoints WHERE id = $1 FOR KEY SHARE', [endpointId])
        locked()
        await held
      })
      await keyShareTaken
      try {
        const recorded = server.db.transaction(async (tx) => {
          await tx.query("SET LOCAL lock_timeout = '3s'")
          await recordFailures(
            tx,
            [{ delivery: { id: 0, endpointId }, result: failed }],
            new Date(),
            DISABLE_AFTER_MS,
          )
        })
        await expect(recorded).resolves.toBeUndefined()
      } finally {
        release()
        await relay
      }
      const { rows } = await server.db.query<{ failing: boolean }>(
        'SELECT failing_since IS NOT NULL AS failing FROM webhook_endpoints WHERE id = $1',
        [endpointId],
      )
      expect(rows).toEqual([{ failing: true }])
    })
  },
)

describe('recordFailures', () => {
  it('locks the endpoints of one transaction in one order whatever the order of the failures', async () => {
    const locked: string[] = []
    const tx = {
      async query(sql: string, params: unknown[] = []) {
        if (sql.includes('FROM webhook_endpoints')) locked.push(String(params[0]))
        return { rows: [], rowCount: 0 }
      },
    } as unknown as Queryable
    const failure = (id: number, endpointId: string) => ({ delivery: { id, endpointId }, result: failed })

    await recordFailures(
      tx,
      [failure(4, 'b'), failure(1, 'c'), failure(3, 'a'), failure(2, 'b')],
      null,
      DISABLE_AFTER_MS,
    )
    expect(locked).toEqual(['a', 'b', 'b', 'c'])
  })
})
