/**
 * pg-boss runs its SQL through our one database interface (its documented `db` option), so the
 * same queue works on real PostgreSQL and on embedded PGlite, and a job can be inserted in one of
 * our transactions. pg-boss sends a few multi-statement scripts without parameters (its schema
 * migrations, its locked sections): PGlite's query takes one statement, so those go through exec.
 *
 * Its statements with parameters (fetch, complete, insert: a few fixed texts per queue) are prepared
 * once per connection: PostgreSQL then parses and plans each of them once rather than at every call,
 * which a delivering process makes several times per relay tick (README "Webhooks").
 */
import type PgBoss from 'pg-boss'
import type { Database, QueryOptions, Queryable } from '../db/database.js'

const MULTIPLE_COMMANDS = /multiple commands/i
/** More distinct texts than pg-boss has: beyond it a text runs unnamed (a bound, not a cache policy). */
const MAX_PREPARED = 64

export function jobQueueDb(db: Database): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return db.query(text, values, preparedAs(text))
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
  return {
    executeSql: (text: string, values?: unknown[]) =>
      values && values.length > 0 ? tx.query(text, values, preparedAs(text)) : tx.query(text),
  }
}

/**
 * One statement name per distinct text for the whole process, so that on any connection a name always
 * goes with the same text (what a named statement requires).
 */
const statementNames = new Map<string, string>()
function preparedAs(text: string): QueryOptions | undefined {
  let name = statementNames.get(text)
  if (name === undefined) {
    if (statementNames.size >= MAX_PREPARED) return undefined
    name = `pgboss_${statementNames.size + 1}`
    statementNames.set(text, name)
  }
  return { prepareAs: name }
}
