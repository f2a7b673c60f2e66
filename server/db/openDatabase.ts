import type { Database } from './database.js'
import { migrate } from './migrate.js'
import { openPgliteDatabase } from './pgliteDatabase.js'
import { openPostgresDatabase } from './postgresDatabase.js'

export interface DatabaseConfig {
  /** Real PostgreSQL when set; embedded PGlite otherwise. */
  databaseUrl?: string
  /** PGlite data directory; undefined = in memory. */
  pgliteDataDir?: string
  /** PostgreSQL connections at most (the web server's default when absent). */
  poolSize?: number
  /** Apply the migrations up to this file only (tests of a migration's conversion of older data). */
  migrateUntil?: string
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const db = config.databaseUrl
    ? openPostgresDatabase(config.databaseUrl, config.poolSize)
    : await openPgliteDatabase(config.pgliteDataDir)
  await migrate(db, config.migrateUntil)
  return db
}
