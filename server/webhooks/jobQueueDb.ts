/**
 * pg-boss runs its SQL through our one database interface (its documented `db` option), so the
 * same queue works on real PostgreSQL and on embedded PGlite, and a job can be inserted in one of
 * our transactions. pg-boss sends a few multi-statement scripts without parameters (its schema
 * migrations, its locked sections): PGlite's query takes one statement, so those go through exec.
 */
import type PgBoss from 'pg-boss'
import type { Database, Queryable } from '../db/database.js'

const MULTIPLE_COMMANDS = /multiple commands/i

export function jobQueueDb(db: Database): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return db.query(text, values)
      try {
        return await db.query(text)
      } catch (error) {
        if (!MULTIPLE_COMMANDS.test(String((error as Error).message))) throw error
        await db.exec(text)
        return { rows: [] }
      }
    },
  }
}

/** The executor for one call inside our transaction `tx` (e.g. a job sent with the change that causes it). */
export function jobQueueTransaction(tx: Queryable): PgBoss.Db {
  return { executeSql: (text: string, values?: unknown[]) => tx.query(text, values ?? []) }
}
