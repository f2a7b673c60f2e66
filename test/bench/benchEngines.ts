/**
 * The two databases the throughput figures run on, each set up twice over the same seed: the real
 * server (a child process) in front of it, and a raw path straight into it.
 * - postgres: one fresh database; the server and pgbench (or a pg loop) both hit it.
 * - pglite: PGlite allows one process per data directory, so the server gets one seeded directory
 *   and the raw loop (in this process) an identical second one.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Database, Queryable } from '../../server/db/database.js'
import { openDatabase } from '../../server/db/openDatabase.js'
import { openPostgresDatabase } from '../../server/db/postgresDatabase.js'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { type BenchLayout, type BenchPlan, benchLayout, seedBenchData } from './benchFixtures.js'
import type { BookingWorkload, LoadResult } from './bookingWorkload.js'
import { findPgbench, runPgbench } from './pgbench.js'
import { runRawBookingLoop } from './rawBookingLoop.js'

export type EngineName = 'postgres' | 'pglite'

export interface BenchEngine {
  name: EngineName
  /** How the raw side is driven, for the report. */
  rawDriver: string
  data: BenchLayout
  server: ServerProcess
  /** Runs the booking transaction straight at the database. */
  raw(workload: BookingWorkload): Promise<LoadResult>
  /** The database the raw side writes to (for checks). */
  rawDb: Queryable
  /** Its connection string (real PostgreSQL only), for further processes on it. */
  databaseUrl?: string
  close(): Promise<void>
}

export async function openPostgresEngine(
  plan: BenchPlan,
  serverEnv: Record<string, string> = {},
  serverNodeArgs: string[] = [],
): Promise<BenchEngine> {
  const fresh = await openTestDatabase()
  const url = fresh.url
  if (!url) throw new Error('the postgres bench needs DATABASE_URL')
  const data = await seedBenchData(fresh.db, plan)
  const server = await startServerProcess({
    env: { ...serverEnv, DATABASE_URL: url },
    nodeArgs: serverNodeArgs,
  })
  const pgbench = findPgbench()
  const raw = pgbench
    ? (w: BookingWorkload) => runPgbench(pgbench, url, w)
    : async (w: BookingWorkload) => {
        const pool = openPostgresDatabase(url, w.concurrency)
        try {
          return await runRawBookingLoop(pool, w)
        } finally {
          await pool.close()
        }
      }
  return {
    name: 'postgres',
    rawDriver: pgbench ? 'pgbench (custom script)' : 'pg loop',
    data,
    server,
    raw,
    rawDb: fresh.db,
    databaseUrl: url,
    async close() {
      await server.stop()
      await fresh.dispose()
    },
  }
}

export async function openPgliteEngine(plan: BenchPlan): Promise<BenchEngine> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-pglite-'))
  const rawDb: Database = await openDatabase({ pgliteDataDir: path.join(root, 'raw') })
  await seedBenchData(rawDb, plan)
  const server = await startServerProcess({
    entry: 'test/bench/seededPgliteServer.ts',
    env: { PGLITE_DATA_DIR: path.join(root, 'server'), BENCH_PLAN: JSON.stringify(plan) },
  })
  return {
    name: 'pglite',
    rawDriver: 'PGlite loop (in-process)',
    data: benchLayout(plan),
    server,
    raw: (w) => runRawBookingLoop(rawDb, w),
    rawDb,
    async close() {
      await server.stop()
      await rawDb.close()
      await rm(root, { recursive: true, force: true })
    },
  }
}
