/**
 * Periodic upkeep that no request triggers: waitlist entries of slots that have started expire, and
 * notifications older than the retention period become tombstones (devices pull them as deletions).
 * Each sweep is idempotent and runs in its own short transaction, so several server processes
 * running it at once only repeat harmless work.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../config.js'
import type { Database } from '../db/database.js'
import { pruneNotifications } from '../domain/notifications.js'
import { expireWaitlists } from '../domain/waitlist.js'

export interface MaintenanceResult {
  expiredEntries: number
  prunedNotifications: number
}

export async function runMaintenance(db: Database, retentionDays: number): Promise<MaintenanceResult> {
  const expiredEntries = await db.transaction((tx) => expireWaitlists(tx))
  const prunedNotifications = await db.transaction((tx) => pruneNotifications(tx, retentionDays))
  return { expiredEntries, prunedNotifications }
}

async function maintenancePlugin(app: FastifyInstance, options: { db: Database; config: AppConfig }) {
  const { db, config } = options
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = running.then(() =>
      runMaintenance(db, config.NOTIFICATION_RETENTION_DAYS).catch((error: unknown) =>
        app.log.warn({ err: error }, 'maintenance sweep failed; retried on the next tick'),
      ),
    )
  }, config.MAINTENANCE_INTERVAL_MS)
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await running
  })
}

export const maintenance = fp(maintenancePlugin, { name: 'maintenance' })
