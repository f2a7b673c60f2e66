/**
 * A Database that counts the statements sent to the engine, BEGIN and COMMIT included: each is one
 * round trip to PostgreSQL, which is what a push or a booking pays in latency.
 */
import type { Database, Queryable } from '../../server/db/database.js'

export interface CountingDatabase {
  db: Database
  /** Statements sent since the last reset, in order. */
  statements: string[]
  reset(): void
}

export function countingDatabase(inner: Database, statements: string[] = []): CountingDatabase {
  const counted = (q: Queryable): Queryable => ({
    query(sql, params, options) {
      statements.push(sql.trim().split(/\s+/).slice(0, 4).join(' '))
      return q.query(sql, params, options)
    },
  })
  const db: Database = {
    ...inner,
    query: counted(inner).query,
    async transaction(fn, options) {
      // BEGIN (with its isolation) and COMMIT or ROLLBACK are sent by the adapter.
      statements.push('BEGIN')
      try {
        return await inner.transaction((tx) => fn(counted(tx)), options)
      } finally {
        statements.push('COMMIT')
      }
    },
    // The same database as another role (the request pool of server/app.ts): counted in the same list.
    asRole: (role, password) => countingDatabase(inner.asRole(role, password), statements).db,
    // A scope's settings are set by the adapter when a connection changes scope, not per statement.
    scoped: (settings) => countingDatabase(inner.scoped(settings), statements).db,
  }
  return {
    db,
    statements,
    reset: () => {
      statements.length = 0
    },
  }
}
