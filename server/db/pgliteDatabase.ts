import { PGlite } from '@electric-sql/pglite'
import {
  type Database,
  type Queryable,
  type TransactionOptions,
  beginStatement,
  settingsStatement,
} from './database.js'

/**
 * Embedded PostgreSQL (WASM). One connection: PGlite serialises queries and transactions itself,
 * so a transaction here is as isolated as on a real server. `dataDir` undefined = in memory.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  return pgliteDatabase(await PGlite.create(dataDir), null)
}

/**
 * `role` null: the connection's own user (the owner). Otherwise every transaction starts with
 * SET LOCAL ROLE `role`, and a plain query runs in a transaction of its own, so nothing this
 * Database runs is executed as the owner; the role ends with the transaction, so the owner's own
 * work on the same connection (migrations, the change feed) is not affected.
 */
function pgliteDatabase(pg: PGlite, role: string | null): Database {
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<R>(sql, params as unknown[])
      // PGlite reports 0 affected rows for a SELECT; pg's rowCount counts the rows returned.
      return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) }
    },
  })
  const transaction = async <T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) =>
    pg.transaction(async (tx) => {
      // PGlite has already sent BEGIN; isolation must be the first statement after it.
      if (options?.isolation || options?.readOnly) {
        await tx.query(beginStatement(options).replace(/^BEGIN/, 'SET TRANSACTION'))
      }
      if (role) await tx.query(`SET LOCAL ROLE ${quoteIdentifier(role)}`)
      const settings = options?.settings && settingsStatement(options.settings)
      if (settings) await tx.query(settings)
      return fn(wrap(tx))
    })
  const base = wrap(pg)
  const database: Database = {
    kind: 'pglite',
    query: role ? (sql, params) => transaction((tx) => tx.query(sql, params)) : base.query,
    transaction,
    async exec(sql: string) {
      if (role) throw new Error('migrations run as the owner')
      await pg.exec(sql)
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      const unsubscribe = await pg.listen(channel, onNotify)
      return () => unsubscribe()
    },
    asRole: (other) => pgliteDatabase(pg, other),
    scoped(settingsOf) {
      // Transaction-local: the one connection also runs the owner's work (the feed, maintenance).
      const withSettings = (options?: TransactionOptions): TransactionOptions => ({
        ...options,
        settings: { ...settingsOf(), ...options?.settings },
      })
      const scopedTransaction = <T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) =>
        transaction(fn, withSettings(options))
      return {
        ...database,
        query: (sql, params) => scopedTransaction((tx) => tx.query(sql, params)),
        transaction: scopedTransaction,
      }
    },
    poolStats: () => null,
    async close() {
      // The connection belongs to the owner's Database; a role's view of it has nothing to close.
      if (!role) await pg.close()
    },
  }
  return database
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
