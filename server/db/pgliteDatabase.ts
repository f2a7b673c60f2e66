import { PGlite } from '@electric-sql/pglite'
import { type Database, type Queryable, type TransactionOptions, beginStatement } from './database.js'

/**
 * Embedded PostgreSQL (WASM). One connection: PGlite serialises queries and transactions itself,
 * so a transaction here is as isolated as on a real server. `dataDir` undefined = in memory.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  const pg = await PGlite.create(dataDir)
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<R>(sql, params as unknown[])
      // PGlite reports 0 affected rows for a SELECT; pg's rowCount counts the rows returned.
      return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) }
    },
  })
  const base = wrap(pg)
  return {
    kind: 'pglite',
    query: base.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) {
      return pg.transaction(async (tx) => {
        // PGlite has already sent BEGIN; isolation must be the first statement after it.
        if (options?.isolation || options?.readOnly) {
          await tx.query(beginStatement(options).replace(/^BEGIN/, 'SET TRANSACTION'))
        }
        return fn(wrap(tx))
      })
    },
    async exec(sql: string) {
      await pg.exec(sql)
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      const unsubscribe = await pg.listen(channel, onNotify)
      return () => unsubscribe()
    },
    poolStats: () => null,
    async close() {
      await pg.close()
    },
  }
}
