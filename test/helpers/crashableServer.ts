/**
 * A real server process over a fresh, seeded PostgreSQL database (DATABASE_URL) that survives its
 * server being SIGKILLed. Real PostgreSQL only: the tests seed while the server runs, and a PGlite
 * data directory opens in one process only. The test keeps a handle to inspect the database.
 */
import type { Queryable } from '../../server/db/database.js'
import { type ServerProcess, startServerProcess } from './serverProcess.js'
import { openTestDatabase } from './testDatabase.js'
import { type TestFixtures, createFixtures } from './testFixtures.js'

export interface CrashableServer {
  server: ServerProcess
  seed: TestFixtures
  /** Runs `fn` against the server's database, beside the running server. */
  inspect<T>(fn: (db: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export async function startCrashableServer(): Promise<CrashableServer> {
  if (!process.env.DATABASE_URL) throw new Error('a crashable server needs real PostgreSQL (DATABASE_URL)')
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
