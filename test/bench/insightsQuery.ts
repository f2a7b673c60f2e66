/**
 * Issue 12's figure: the provider insights query (GET /api/providers/:id/insights, the domain
 * function the route calls) for a provider with 100,000 bookings over two years, asked for the last
 * 365 days (so the previous period covers the year before: every booking counts). Timed in
 * process against real PostgreSQL, after the maintenance job's rollup refresh (timed too: the first
 * build, and a refresh after late changes) and ANALYZE, as autovacuum would leave a table of this size,
 * and in the provider's organisation as the route runs it: the application role under row-level
 * security, whose organisation condition is what lets the (organisation, provider, start) index
 * serve the read. (The owner role, which no request uses, sees every organisation and scans.)
 * Run alone: `npx tsx test/bench/insightsQuery.ts`.
 */
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { organisationDatabase } from '../../server/db/tenantScope.js'
import { providerInsights } from '../../server/domain/insights.js'
import { DEFAULT_ORGANISATION_ID } from '../../server/domain/organisations.js'
import { insightsExportRows } from '../../server/domain/insightsExport.js'
import { refreshInsightsRollups } from '../../server/jobs/maintenance.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { seedInsightsHistory } from './insightsSeed.js'
import { type Spread, spread } from './stats.js'
import type { TargetVerdict } from './throughputReport.js'

export const INSIGHTS_TARGET_MS = 200
const BOOKINGS = 100_000
const RUNS = 10
const PERIOD = { from: '2025-11-26', to: '2026-11-25' }
/** Bookings of closed slots written after the refresh (completed late): their groups are read live. */
const LATE_CHANGES = 1_000
/** A quarter, the screen's 90-day preset: what a provider usually asks for (information, no target). */
const QUARTER = { from: '2026-08-28', to: '2026-11-25' }

/**
 * The cheapest statement that reads the same rows (a bare count over both periods): on a shared,
 * loaded machine it shows how much of the insights time is the machine rather than the query.
 */
const BARE_COUNT_SQL = `SELECT count(*) FROM bookings
  WHERE provider_id = $1 AND start_time >= ('2024-11-26'::timestamp AT TIME ZONE 'Europe/Berlin')
    AND start_time < ('2026-11-26'::timestamp AT TIME ZONE 'Europe/Berlin') AND NOT deleted`

export interface InsightsQueryFigures {
  bookings: number
  period: { from: string; to: string }
  /** ms per insights query */
  queryMs: Spread
  /** ms per insights query over the last 90 days */
  quarterMs: Spread
  /** ms per bare count of the same bookings (the floor on this machine at the time) */
  bareCountMs: Spread
  /** ms per CSV export query of the same period (information, no target) */
  exportMs: Spread
  /** ms per insights query after LATE_CHANGES bookings of closed slots were written (information) */
  afterLateChangesMs: Spread
  /** ms of the first rollup build, and of a refresh after the late changes */
  rollupBuildMs: number
  rollupRefreshMs: number
  seedS: number
}

async function timeRuns(run: () => Promise<unknown>): Promise<Spread> {
  await run() // warm-up: plan cache and buffers
  const runs: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    await run()
    runs.push(performance.now() - t0)
  }
  return spread(runs)
}

export async function measureInsightsQuery(): Promise<InsightsQueryFigures> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  const fresh = await openTestDatabase()
  try {
    const t0 = performance.now()
    const history = await seedInsightsHistory(fresh.db, {
      email: 'insights-bench@example.test',
      password: 'bench-password-1',
      bookings: BOOKINGS,
      firstDay: '2024-11-26',
      lastDay: '2026-12-31',
    })
    await fresh.db.exec('VACUUM ANALYZE')
    const seedS = (performance.now() - t0) / 1000
    const t1 = performance.now()
    await refreshInsightsRollups(fresh.db)
    const rollupBuildMs = performance.now() - t1
    await fresh.db.exec('VACUUM ANALYZE')
    // As app.ts runs requests: the application role (DATABASE_APP_USER's default), in the
    // organisation that seedInsightsHistory's accounts join.
    const appRole = fresh.db.asRole('uniservice_app')
    const db = organisationDatabase(appRole, DEFAULT_ORGANISATION_ID)
    const actor = { userId: history.providerId, role: 'provider' as const }
    const queryMs = await timeRuns(async () => {
      const outcome = await db.transaction((tx) => providerInsights(tx, actor, history.providerId, PERIOD))
      if (!outcome.ok) throw outcome.refusal
      const { current, previous } = outcome.value
      if (current.bookings + previous.bookings + current.rejected + previous.rejected === 0) {
        throw new Error('the insights bench read no bookings')
      }
    })
    const quarterMs = await timeRuns(() =>
      db.transaction((tx) => providerInsights(tx, actor, history.providerId, QUARTER)),
    )
    const bareCountMs = await timeRuns(() => db.query(BARE_COUNT_SQL, [history.providerId]))
    const exportMs = await timeRuns(() => insightsExportRows(db, actor, history.providerId, PERIOD))
    await fresh.db.query(
      `UPDATE bookings SET status = 'COMPLETED' WHERE id IN (
         SELECT id FROM bookings WHERE provider_id = $1 AND start_time < now() - interval '2 days'
           AND status <> 'REJECTED' ORDER BY random() LIMIT $2)`,
      [history.providerId, LATE_CHANGES],
    )
    const afterLateChangesMs = await timeRuns(() =>
      db.transaction((tx) => providerInsights(tx, actor, history.providerId, PERIOD)),
    )
    const t2 = performance.now()
    await refreshInsightsRollups(fresh.db)
    const rollupRefreshMs = performance.now() - t2
    await appRole.close()
    return {
      bookings: history.bookings,
      period: PERIOD,
      queryMs,
      quarterMs,
      bareCountMs,
      exportMs,
      afterLateChangesMs,
      rollupBuildMs,
      rollupRefreshMs,
      seedS,
    }
  } finally {
    await fresh.dispose()
  }
}

export function insightsTargets(figures: InsightsQueryFigures): TargetVerdict[] {
  return [
    {
      figure: `insights query, ${figures.bookings.toLocaleString('en')} bookings, median (ms)`,
      target: `<= ${INSIGHTS_TARGET_MS}`,
      value: figures.queryMs.median,
      met: figures.queryMs.median <= INSIGHTS_TARGET_MS,
    },
  ]
}

export function printInsights(figures: InsightsQueryFigures): void {
  const ms = (s: Spread) => `${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`
  console.log(
    `\nInsights: ${figures.bookings.toLocaleString('en')} bookings seeded in ${figures.seedS.toFixed(1)} s`,
  )
  console.log(
    `  insights query ${figures.period.from}..${figures.period.to} + previous year: ${ms(figures.queryMs)}`,
  )
  console.log(`  the same over the last 90 days: ${ms(figures.quarterMs)}`)
  console.log(
    `  bare count of the same bookings (this machine's floor right now): ${ms(figures.bareCountMs)}`,
  )
  console.log(`  CSV export rows of the year: ${ms(figures.exportMs)}`)
  console.log(
    `  insights query after ${LATE_CHANGES.toLocaleString('en')} closed slots' bookings changed since the refresh: ${ms(figures.afterLateChangesMs)}`,
  )
  console.log(
    `  rollup refresh (maintenance job): first build ${figures.rollupBuildMs.toFixed(0)} ms, after those changes ${figures.rollupRefreshMs.toFixed(0)} ms`,
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await measureInsightsQuery()
  printInsights(figures)
  for (const t of insightsTargets(figures))
    console.log(`${t.figure}: ${t.value.toFixed(1)} (target ${t.target}) ${t.met ? 'met' : 'NOT met'}`)
}
