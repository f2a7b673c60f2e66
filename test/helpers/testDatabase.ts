import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Database } from '../../server/db/database.js'
import { openDatabase } from '../../server/db/openDatabase.js'

export interface TestDatabase {
  db: Database
  /** Connection string of the fresh database, or undefined on PGlite. */
  url: string | undefined
  /** Closes the connection and drops the database. */
  dispose(): Promise<void>
}

/** Whether this run targets real PostgreSQL (CI always does). */
export const onRealPostgres = Boolean(process.env.DATABASE_URL)

/**
 * A fresh, migrated database for one test file: in-memory PGlite without DATABASE_URL; with it, a
 * new database created on that server (so test files never see each other's rows). `migrateUntil`
 * stops the migrations after that file (server/db/migrate.ts).
 */
export async function openTestDatabase(options: { migrateUntil?: string } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    const db = await openDatabase({ ...options })
    return { db, url: undefined, dispose: () => db.close() }
  }
  const name = `t_${randomBytes(6).toString('hex')}`
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = await openDatabase({ databaseUrl: url.toString(), ...options })
  return {
    db,
    url: url.toString(),
    async dispose() {
      // Dropped first, WITH (FORCE): that ends every backend, so no query left waiting can keep the
      // pool from closing.
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      await db.close()
    },
  }
}

async function withAdmin(url: string, fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await fn(client)
  } finally {
    await client.end()
  }
}
