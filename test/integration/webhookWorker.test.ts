/**
 * README "Webhooks", the recommended layout: a web process with WEBHOOK_DELIVERY=false and delivery
 * in its own process (server/webhookWorker.ts) on the same PostgreSQL. The worker delivers what the
 * web process's outbox wrote, retries failures, and moves deliveries in jobs of many (the relay's
 * and the retries'), not one pg-boss job per delivery.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../../server/db/database.js'
import { createBooking } from '../../server/domain/bookings.js'
import { DELIVERY_QUEUE, WEBHOOK_WORKER_READY } from '../../server/webhooks/webhookQueue.js'
import { eventually } from '../helpers/eventually.js'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'
import { acceptedMessages } from '../helpers/webhookMessages.js'
import { OK, type WebhookReceiver, startWebhookReceiver } from '../helpers/webhookReceiver.js'

const BOOKINGS = 30

describe.runIf(process.env.DATABASE_URL)('webhook delivery in its own process', () => {
  let server: TestServer
  let worker: ServerProcess
  let receiver: WebhookReceiver

  beforeAll(async () => {
    server = await startTestServer({ WEBHOOK_DELIVERY: false, WEBHOOK_ALLOW_PRIVATE_HOSTS: true })
    receiver = await startWebhookReceiver()
    worker = await startServerProcess({
      entry: 'server/webhookWorker.ts',
      readyLine: WEBHOOK_WORKER_READY,
      env: {
        DATABASE_URL: server.databaseUrl ?? '',
        WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
        WEBHOOK_RELAY_MS: '20',
        WEBHOOK_RETRY_BASE_MS: '50',
        WEBHOOK_RETRY_MAX_MS: '400',
      },
    })
  }, 180_000)
  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
    await server?.close()
  })

  it('delivers the web process’s events, retried, in a few jobs of many deliveries', async () => {
    const provider = server.api(await server.signIn(server.seed.providerA.email))
    const registered = await provider.post('/api/webhooks', {
      url: receiver.url,
      events: ['booking.created'],
    })
    expect(registered.status).toBe(201)
    // Each message's first attempt fails: every delivery needs a retry.
    const seen = new Set<string>()
    receiver.behaviour = ({ headers }) => {
      const id = String(headers['webhook-id'])
      if (seen.has(id)) return OK
      seen.add(id)
      return { kind: 'status', status: 503 }
    }

    // The bookings commit together, so the relay finds all their deliveries at once.
    // A slot each: a customer holds one seat of a slot (invariant 12).
    const slots = await Promise.all(Array.from({ length: BOOKINGS }, () => server.seed.createSlot()))
    await server.db.transaction(async (tx: Queryable) => {
      for (const slot of slots) {
        const outcome = await createBooking(tx, server.seed.customerA, {
          id: randomUUID(),
          slotId: slot.id,
          notes: '',
        })
        expect(outcome.ok).toBe(true)
      }
    })

    await eventually(async () => {
      const log = await server.db.query<{ status: string; attempts: number; n: string }>(
        'SELECT status, attempts, count(*) AS n FROM webhook_deliveries GROUP BY status, attempts',
      )
      expect(log.rows.map((r) => [r.status, r.attempts, Number(r.n)])).toEqual([['delivered', 2, BOOKINGS]])
    }, 60_000)
    const messages = acceptedMessages(receiver.received, registered.body.secret)
    expect(new Set(messages.map((m) => m.id)).size).toBe(BOOKINGS)

    // 60 attempts in all; one job per delivery and attempt would be 60 jobs.
    const jobs = await server.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM pgboss.job WHERE name = $1',
      [DELIVERY_QUEUE],
    )
    expect(Number(jobs.rows[0]?.n)).toBeLessThanOrEqual(BOOKINGS / 5)
  }, 120_000)

  it('brings the queue’s options up to date when it starts on a queue created before', async () => {
    const expiry = () =>
      server.db.query<{ s: number }>('SELECT expire_seconds AS s FROM pgboss.queue WHERE name = $1', [
        DELIVERY_QUEUE,
      ])
    const current = (await expiry()).rows[0]?.s
    await server.db.query('UPDATE pgboss.queue SET expire_seconds = 1 WHERE name = $1', [DELIVERY_QUEUE])
    await worker.restart()
    expect((await expiry()).rows[0]?.s).toBe(current)
    expect(current).toBeGreaterThan(60)
  }, 120_000)
})
