/**
 * Webhook delivery after commit (invariant 9), on pg-boss, the PostgreSQL-backed job queue, over
 * the server's own database (PostgreSQL or PGlite: jobQueueDb.ts). Two loops per server process:
 *
 * - the relay moves deliveries the outbox wrote (status pending) into the queue, one job per
 *   delivery, in one transaction with marking them queued, oldest first;
 * - the workers take jobs (pg-boss locks each job for one worker across every process) and make
 *   one attempt each: delivered; or failed, and then either a new job with a backoff start time
 *   (retryPolicy.ts) written in the same transaction as the attempt's log row, or given up.
 *
 * A process that dies mid-attempt leaves its job active until pg-boss expires it and runs it again:
 * at least once, never lost. The webhook-id stays the same, so a receiver can de-duplicate.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import PgBoss from 'pg-boss'
import type { AppConfig } from '../config.js'
import type { Database } from '../db/database.js'
import {
  claimPendingDeliveries,
  failDeliveriesOfDisabledEndpoints,
  readQueuedDeliveries,
  recordDelivered,
  recordFailure,
} from '../domain/webhookDeliveries.js'
import { jobQueueDb, jobQueueTransaction } from './jobQueueDb.js'
import { postWebhook } from './postWebhook.js'
import { type RetryPolicy, nextAttemptAt } from './retryPolicy.js'
import { signedHeaders } from './signing.js'

export const DELIVERY_QUEUE = 'webhook-delivery'
const RELAY_BATCH = 200
/** Jobs one worker takes per fetch; WEBHOOK_CONCURRENCY / this many workers poll. */
const WORKER_BATCH = 10
/** pg-boss retries a job whose handler threw (our database failed, not the receiver) this often. */
const HANDLER_RETRIES = 5

interface DeliveryJob {
  deliveryId: number
}

export interface WebhookDelivery {
  /** Moves pending deliveries into the queue now (the relay does it every WEBHOOK_RELAY_MS). */
  relay(): Promise<number>
  stop(): Promise<void>
}

/** Errors of two processes creating pg-boss's schema at once: unique_violation, duplicate_schema/table. */
const INSTALL_RACE_CODES: ReadonlySet<string> = new Set(['23505', '42P06', '42P07'])

/**
 * A started pg-boss. It creates its schema on its first start; two server processes starting at
 * once race to create it, and the loser fails on the duplicate: it starts again, and finds it there.
 */
async function startedBoss(db: Database, onError: (error: unknown, what: string) => void): Promise<PgBoss> {
  for (let attempt = 1; ; attempt++) {
    const boss = new PgBoss({ db: jobQueueDb(db), schedule: false, supervise: true })
    boss.on('error', (error) => onError(error, 'webhook queue'))
    try {
      await boss.start()
      return boss
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (attempt >= 5 || typeof code !== 'string' || !INSTALL_RACE_CODES.has(code)) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    }
  }
}

export async function startWebhookDelivery(
  db: Database,
  config: AppConfig,
  onError: (error: unknown, what: string) => void,
): Promise<WebhookDelivery> {
  const boss = await startedBoss(db, onError)
  await boss.createQueue(DELIVERY_QUEUE, {
    name: DELIVERY_QUEUE,
    retryLimit: HANDLER_RETRIES,
    retryDelay: 1,
    retryBackoff: true,
    // An attempt is cut off at WEBHOOK_TIMEOUT_MS; past this, pg-boss takes the job to have died with its process.
    expireInSeconds: Math.ceil(config.WEBHOOK_TIMEOUT_MS / 1000) + 60,
  })
  const policy: RetryPolicy = {
    baseMs: config.WEBHOOK_RETRY_BASE_MS,
    maxMs: config.WEBHOOK_RETRY_MAX_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    maxAgeMs: config.WEBHOOK_MAX_AGE_MS,
  }

  /** One attempt at each delivery of a batch, in parallel; the log written in as few statements as may be. */
  async function attemptAll(deliveryIds: number[]): Promise<void> {
    const due = await readQueuedDeliveries(db, deliveryIds)
    await failDeliveriesOfDisabledEndpoints(
      db,
      due.filter((d) => !d.enabled).map((d) => d.id),
    )
    const attempts = await Promise.all(
      due
        .filter((d) => d.enabled)
        .map(async (delivery) => {
          const body = JSON.stringify(delivery.payload)
          const headers = signedHeaders(delivery.messageId, new Date(), body, delivery.secrets)
          return {
            delivery,
            result: await postWebhook(delivery.url, body, headers, config.WEBHOOK_TIMEOUT_MS),
          }
        }),
    )
    await recordDelivered(
      db,
      attempts.filter((a) => a.result.ok),
    )
    for (const { delivery, result } of attempts.filter((a) => !a.result.ok)) {
      const retryAt = nextAttemptAt(policy, delivery.attempts + 1, delivery.startedAt, new Date())
      // The log row and the next attempt's job commit together: a retry is never lost.
      await db.transaction(async (tx) => {
        await recordFailure(tx, delivery, result, retryAt !== null, config.WEBHOOK_DISABLE_AFTER_MS)
        if (retryAt) {
          await boss.send(DELIVERY_QUEUE, { deliveryId: delivery.id } satisfies DeliveryJob, {
            startAfter: retryAt,
            db: jobQueueTransaction(tx),
          })
        }
      })
    }
  }

  const workerIds: string[] = []
  for (let i = 0; i < Math.ceil(config.WEBHOOK_CONCURRENCY / WORKER_BATCH); i++) {
    workerIds.push(
      await boss.work<DeliveryJob>(
        DELIVERY_QUEUE,
        { batchSize: Math.min(WORKER_BATCH, config.WEBHOOK_CONCURRENCY), pollingIntervalSeconds: 0.5 },
        // A throw here is our side failing (the database), never the receiver: pg-boss runs the batch again.
        (jobs) =>
          attemptAll(jobs.map((job) => job.data.deliveryId)).catch((error: unknown) => {
            onError(error, 'webhook delivery')
            throw error
          }),
      ),
    )
  }

  async function relay(): Promise<number> {
    const ids = await db.transaction(async (tx) => {
      const claimed = await claimPendingDeliveries(tx, RELAY_BATCH)
      if (claimed.length > 0) {
        await boss.insert(
          claimed.map((deliveryId) => ({ name: DELIVERY_QUEUE, data: { deliveryId } satisfies DeliveryJob })),
          { db: jobQueueTransaction(tx) },
        )
      }
      return claimed
    })
    if (ids.length > 0) for (const id of workerIds) boss.notifyWorker(id)
    return ids.length
  }

  let stopped = false
  let relaying: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    relaying = relaying.then(() => (stopped ? 0 : relay().catch((error) => onError(error, 'webhook relay'))))
  }, config.WEBHOOK_RELAY_MS)
  timer.unref()

  return {
    relay,
    async stop() {
      stopped = true
      clearInterval(timer)
      await relaying
      await boss.stop({ graceful: true, wait: true, timeout: config.WEBHOOK_TIMEOUT_MS + 5_000 })
    },
  }
}

async function webhookQueuePlugin(app: FastifyInstance, options: { db: Database; config: AppConfig }) {
  if (!options.config.WEBHOOK_DELIVERY) return
  const delivery = await startWebhookDelivery(options.db, options.config, (error, what) =>
    app.log.warn({ err: error }, `${what} failed; retried`),
  )
  app.addHook('onClose', () => delivery.stop())
}

export const webhookQueue = fp(webhookQueuePlugin, { name: 'webhook-queue' })
