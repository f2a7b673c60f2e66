/**
 * Webhook delivery after commit (invariant 9), on pg-boss, the PostgreSQL-backed job queue, over
 * the server's own database (PostgreSQL or PGlite: jobQueueDb.ts). Two loops per delivering process
 * (a web process, or server/webhookWorker.ts):
 *
 * - the relay turns the rows the outbox wrote into deliveries (status queued) and puts them in the
 *   queue, in one transaction: one job per DELIVERIES_PER_JOB deliveries, all jobs in one statement
 *   (a job per delivery made pg-boss's rows cost more than the booking itself);
 * - the workers take jobs (pg-boss locks each job for one worker across every process) and make
 *   one attempt at each delivery they hold, at most WEBHOOK_CONCURRENCY at once per process:
 *   delivered; or failed, and then either retried or given up. The failures of one batch that are
 *   retried after the same number of attempts go back as one job, whose start time is the earliest
 *   of their backoff times (retryPolicy.ts: each still waits between d and 2d), written in the same
 *   transaction as their log rows.
 *
 * A process that dies mid-attempt leaves its job active until pg-boss expires it and runs it again:
 * at least once, never lost. A job run again attempts only those of its deliveries still queued
 * (delivered ones are done). The webhook-id stays the same, so a receiver can de-duplicate.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import PgBoss from 'pg-boss'
import type { AppConfig } from '../config.js'
import type { Database } from '../db/database.js'
import {
  type DueDelivery,
  failDeliveriesOfDisabledEndpoints,
  outboxHasRows,
  readQueuedDeliveries,
  recordDelivered,
  recordFailures,
  relayOutbox,
  vacuumOutbox,
} from '../domain/webhookDeliveries.js'
import { type ConcurrencyLimit, concurrencyLimit } from './concurrencyLimit.js'
import { jobQueueDb, jobQueueTransaction } from './jobQueueDb.js'
import { type AttemptResult, postWebhook } from './postWebhook.js'
import { type RetryPolicy, chunks, retryGroups } from './retryPolicy.js'
import { signedHeaders } from './signing.js'

export const DELIVERY_QUEUE = 'webhook-delivery'
/** What server/webhookWorker.ts writes on stdout once it delivers. */
export const WEBHOOK_WORKER_READY = 'webhook worker ready'
const RELAY_BATCH = 200
/** The relay vacuums the outbox once it has taken this many rows from it since the last time. */
const OUTBOX_VACUUM_ROWS = 5000
/** Deliveries one job holds at most (the relay's, and a batch's retries). */
const DELIVERIES_PER_JOB = 20
/** Workers per process, and jobs each takes per fetch. */
const WORKERS = 2
const WORKER_BATCH = 5
/** pg-boss retries a job whose handler threw (our database failed, not the receiver) this often. */
const HANDLER_RETRIES = 5

interface DeliveryJob {
  deliveryIds: number[]
}
/** A job queued before jobs held several deliveries held one. */
type QueuedJob = DeliveryJob | { deliveryId: number }
const deliveryIdsOf = (job: QueuedJob): number[] =>
  'deliveryIds' in job ? job.deliveryIds : [job.deliveryId]

export interface WebhookDelivery {
  /** Moves pending deliveries into the queue now (the relay does it every WEBHOOK_RELAY_MS). */
  relay(): Promise<number>
  stop(): Promise<void>
}

/** Errors of two processes creating pg-boss's schema at once: unique_violation, duplicate_schema/table, deadlock. */
const INSTALL_RACE_CODES: ReadonlySet<string> = new Set(['23505', '42P06', '42P07', '40P01'])
/** deadlock_detected: PostgreSQL aborted one of two processes creating the same thing. */
const DEADLOCK_CODES: ReadonlySet<string> = new Set(['40P01'])

/**
 * Runs `attempt` until it succeeds, again (at most 5 times in all, waiting `stepMs` x the attempt
 * number between them) when it fails with one of `codes`: what several server processes starting at
 * once on one database race for.
 */
async function retriedOn<T>(
  codes: ReadonlySet<string>,
  stepMs: number,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt()
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (tried >= 5 || typeof code !== 'string' || !codes.has(code)) throw error
      await new Promise((resolve) => setTimeout(resolve, stepMs * tried))
    }
  }
}

/**
 * A started pg-boss. It creates its schema on its first start; two server processes starting at
 * once race to create it, and the loser fails on the duplicate: it starts again, and finds it there.
 */
function startedBoss(db: Database, onError: (error: unknown, what: string) => void): Promise<PgBoss> {
  return retriedOn(INSTALL_RACE_CODES, 100, async () => {
    const boss = new PgBoss({ db: jobQueueDb(db), schedule: false, supervise: true })
    boss.on('error', (error) => onError(error, 'webhook queue'))
    await boss.start()
    return boss
  })
}

export async function startWebhookDelivery(
  db: Database,
  config: AppConfig,
  onError: (error: unknown, what: string) => void,
): Promise<WebhookDelivery> {
  const boss = await startedBoss(db, onError)
  const queue = {
    name: DELIVERY_QUEUE,
    retryLimit: HANDLER_RETRIES,
    retryDelay: 1,
    retryBackoff: true,
    expireInSeconds: jobExpirySeconds(config),
  }
  // createQueue leaves an existing queue as it was: its options (the expiry follows the settings) are
  // brought up to date apart.
  await ensureQueue(boss, DELIVERY_QUEUE, queue)
  await boss.updateQueue(DELIVERY_QUEUE, queue)
  const policy: RetryPolicy = {
    baseMs: config.WEBHOOK_RETRY_BASE_MS,
    maxMs: config.WEBHOOK_RETRY_MAX_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    maxAgeMs: config.WEBHOOK_MAX_AGE_MS,
  }
  const limit = concurrencyLimit(config.WEBHOOK_CONCURRENCY)

  /** One attempt at each delivery of a batch, in parallel; the log written in as few statements as may be. */
  async function attemptAll(deliveryIds: number[]): Promise<void> {
    const due = await readQueuedDeliveries(db, deliveryIds)
    await failDeliveriesOfDisabledEndpoints(
      db,
      due.filter((d) => !d.enabled).map((d) => d.id),
    )
    const attempts = await Promise.all(due.filter((d) => d.enabled).map((d) => attempt(d, limit, config)))
    await recordDelivered(
      db,
      attempts.filter((a) => a.result.ok),
    )
    const failed = attempts.filter((a) => !a.result.ok)
    const facts = (a: (typeof failed)[number]) => ({
      attemptsSoFar: a.delivery.attempts + 1,
      startedAt: a.delivery.startedAt,
    })
    for (const group of retryGroups(policy, failed, facts, new Date(), DELIVERIES_PER_JOB)) {
      // The log rows and the next attempt's job commit together: a retry is never lost.
      await db.transaction(async (tx) => {
        await recordFailures(tx, group.items, group.retryAt, config.WEBHOOK_DISABLE_AFTER_MS)
        if (group.retryAt) {
          const deliveryIds = group.items.map((f) => f.delivery.id)
          await boss.send(DELIVERY_QUEUE, { deliveryIds } satisfies DeliveryJob, {
            startAfter: group.retryAt,
            db: jobQueueTransaction(tx),
          })
        }
      })
    }
  }

  const workerIds: string[] = []
  for (let i = 0; i < WORKERS; i++) {
    workerIds.push(
      await boss.work<QueuedJob>(
        DELIVERY_QUEUE,
        { batchSize: WORKER_BATCH, pollingIntervalSeconds: 0.5 },
        // A throw here is our side failing (the database), never the receiver: pg-boss runs the batch again.
        (jobs) =>
          attemptAll(jobs.flatMap((job) => deliveryIdsOf(job.data))).catch((error: unknown) => {
            onError(error, 'webhook delivery')
            throw error
          }),
      ),
    )
  }

  let relayedSinceVacuum = 0
  async function relay(): Promise<number> {
    if (relayedSinceVacuum >= OUTBOX_VACUUM_ROWS) {
      relayedSinceVacuum = 0
      await vacuumOutbox(db)
    }
    if (!(await outboxHasRows(db))) return 0
    const ids = await db.transaction(async (tx) => {
      const claimed = await relayOutbox(tx, RELAY_BATCH)
      if (claimed.length > 0) {
        await boss.insert(
          chunks(claimed, DELIVERIES_PER_JOB).map((deliveryIds) => ({
            name: DELIVERY_QUEUE,
            data: { deliveryIds } satisfies DeliveryJob,
          })),
          { db: jobQueueTransaction(tx) },
        )
      }
      return claimed
    })
    relayedSinceVacuum += ids.length
    // As many workers as the new jobs need (another would fetch nothing: a wasted statement).
    const jobs = Math.ceil(ids.length / DELIVERIES_PER_JOB)
    for (const id of workerIds.slice(0, Math.ceil(jobs / WORKER_BATCH))) boss.notifyWorker(id)
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

/**
 * pg-boss takes an active job whose process died to have failed after this long, and runs it again.
 * It must outlast the slowest batch: every delivery a process's workers hold, WEBHOOK_CONCURRENCY at
 * a time, each cut off at WEBHOOK_TIMEOUT_MS; plus a minute for the log.
 */
function jobExpirySeconds(config: AppConfig): number {
  const rounds = Math.ceil((WORKERS * WORKER_BATCH * DELIVERIES_PER_JOB) / config.WEBHOOK_CONCURRENCY)
  return Math.ceil((rounds * config.WEBHOOK_TIMEOUT_MS) / 1000) + 60
}

/** One signed POST, under the process's concurrency limit. */
async function attempt(
  delivery: DueDelivery,
  limit: ConcurrencyLimit,
  config: AppConfig,
): Promise<{ delivery: DueDelivery; result: AttemptResult }> {
  const result = await limit(() => {
    const headers = signedHeaders(delivery.messageId, new Date(), delivery.body, delivery.secrets)
    return postWebhook(delivery.url, delivery.body, headers, config.WEBHOOK_TIMEOUT_MS)
  })
  return { delivery, result }
}

async function webhookQueuePlugin(app: FastifyInstance, options: { db: Database; config: AppConfig }) {
  if (!options.config.WEBHOOK_DELIVERY) return
  const delivery = await startWebhookDelivery(options.db, options.config, (error, what) =>
    app.log.warn({ err: error }, `${what} failed; retried`),
  )
  app.addHook('onClose', () => delivery.stop())
}

export const webhookQueue = fp(webhookQueuePlugin, { name: 'webhook-queue' })

/**
 * pg-boss's createQueue, for several processes starting at once: the loser's insert meets the row the
 * winner just wrote (unique violation, 23505; CI saw a second server exit on it). The queue exists
 * then, which is all a process needs. The two may also deadlock on the queue's partition and row
 * (40P01, seen once in CI): PostgreSQL aborts one of them, which tries again.
 */
export function ensureQueue(
  boss: Pick<PgBoss, 'createQueue'>,
  name: string,
  options: Parameters<PgBoss['createQueue']>[1],
): Promise<void> {
  return retriedOn(DEADLOCK_CODES, 50, async () => {
    try {
      await boss.createQueue(name, options)
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error
    }
  })
}
