/**
 * A real server process over a fresh, seeded test database that survives its server being
 * SIGKILLed: on PostgreSQL (DATABASE_URL) a new database; without it, a PGlite data directory.
 * The test keeps a handle to inspect the database after the dust settles.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Queryable } from '../../server/db/database.js'
import { openDatabase } from '../../server/db/openDatabase.js'
import { type ServerProcess, startServerProcess } from './serverProcess.js'
import { openTestDatabase } from './testDatabase.js'
import { type TestFixtures, createFixtures } from './testFixtures.js'

export interface CrashableServer {
  server: ServerProcess
  seed: TestFixtures
  /** Runs `fn` against the server's database. On PGlite the server is stopped first (one process per directory). */
  inspect<T>(fn: (db: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export async function startCrashableServer(): Promise<CrashableServer> {
  return process.env.DATABASE_URL ? onPostgres() : onPgliteDirectory()
}

async function onPostgres(): Promise<CrashableServer> {
  const fresh = await openTestDatabase()
  const seed = await createFixtures(fresh.db)
  const server = await startServerProcess({ env: { DATABASE_URL: fresh.url ?? '' } })
  return {
    server,
    seed,
    inspect: (fn) => fn(fresh.db),
    async close() {
      await server.stop()
      await fresh.dispose()
    },
  }
}

async function onPgliteDirectory(): Promise<CrashableServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'torture-pglite-'))
  const seeding = await openDatabase({ pgliteDataDir: dir })
  const seed = await createFixtures(seeding)
  await seeding.close()
  const server = await startServerProcess({ env: { PGLITE_DATA_DIR: dir } })
  return {
    server,
    seed,
    async inspect(fn) {
      await server.stop()
      const db = await openDatabase({ pgliteDataDir: dir })
      try {
        return await fn(db)
      } finally {
        await db.close()
      }
    },
    async close() {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
