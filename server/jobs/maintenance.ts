/**
 * Periodic upkeep that no request triggers: waitlist entries of slots that have started expire,
 * notifications older than the retention period become tombstones (devices pull them as deletions),
 * and every provider's insights rollup catches up with the bookings (server/domain/insightsRollup.ts).
 * Each sweep is idempotent and runs in its own short transactions, so several server processes
 * running it at once only repeat harmless work (or skip a rollup another process is refreshing).
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../config.js'
import type { Database } from '../db/database.js'
import { organisationDatabase } from '../db/tenantScope.js'
import { insightsRollupOwners, refreshInsightsRollup } from '../domain/insightsRollup.js'
import { pruneNotifications } from '../domain/notifications.js'
import { expireWaitlists } from '../domain/waitlist.js'

export interface MaintenanceResult {
  expiredEntries: number
  prunedNotifications: number
  /** insights rollups refreshed (one per provider and organisation) */
  refreshedRollups: number
}

/** Each provider's rollup in its own transaction, in the rollup's organisation. */
export async function refreshInsightsRollups(db: Database): Promise<number> {
  let refreshed = 0
  for (const { organisationId, providerId } of await insightsRollupOwners(db)) {
    const scoped = organisationDatabase(db, organisationId)
    const { ran } = await scoped.transaction((tx) => refreshInsightsRollup(tx, providerId))
    if (ran) refreshed++
  }
  return refreshed
}

export async function runMaintenance(db: Database, retentionDays: number): Promise<MaintenanceResult> {
  const expiredEntries = await db.transaction((tx) => expireWaitlists(tx))
  const prunedNotifications = await db.transaction((tx) => pruneNotifications(tx, retentionDays))
  const refreshedRollups = await refreshInsightsRollups(db)
  return { expiredEntries, prunedNotifications, refreshedRollups }
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
