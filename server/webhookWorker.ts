/**
 * Entry point of a webhook delivery process (README "Webhooks"): the outbox relay and the queue's
 * workers of server/webhooks/webhookQueue.ts, without the web server, so that web processes started
 * with WEBHOOK_DELIVERY=false spend no CPU on delivery. Real PostgreSQL only (DATABASE_URL): PGlite
 * allows one process per data directory, so `npm start` on PGlite delivers from the web process.
 * Several worker processes may run at once (pg-boss and the relay's SKIP LOCKED share the work).
 * Writes WEBHOOK_WORKER_READY on stdout once it delivers.
 */
import { readConfig } from './config.js'
import { openDatabase } from './db/openDatabase.js'
import { WEBHOOK_WORKER_READY, startWebhookDelivery } from './webhooks/webhookQueue.js'

/** Database connections of a worker: the relay, the queue's fetches and the delivery log. */
const WORKER_POOL_SIZE = 6

const config = readConfig()
if (!config.DATABASE_URL) {
  process.stderr.write(
    'the webhook worker needs DATABASE_URL (PostgreSQL); on PGlite the web process delivers\n',
  )
  process.exit(1)
}
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: WORKER_POOL_SIZE })
const delivery = await startWebhookDelivery(db, config, (error, what) => {
  // The error's message only: never a delivery's payload or an endpoint's secret (invariant 11).
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`${JSON.stringify({ level: 'warn', msg: `${what} failed; retried`, err: message })}\n`)
})

const shutdown = async () => {
  await delivery.stop()
  await db.close()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown())
process.once('SIGTERM', () => void shutdown())
process.stdout.write(`${WEBHOOK_WORKER_READY}\n`)
