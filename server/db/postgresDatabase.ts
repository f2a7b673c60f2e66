import pg from 'pg'
import {
  type Database,
  type QueryOptions,
  type Queryable,
  type TransactionOptions,
  beginStatement,
  settingsStatement,
} from './database.js'

/** SQLSTATEs where retrying the whole transaction is the right answer. */
const RETRYABLE = new Set(['40001', '40P01'])
const MAX_ATTEMPTS = 5

/** Real PostgreSQL through a `pg` Pool. LISTEN uses one dedicated client per subscription. */
export function openPostgresDatabase(connectionString: string, poolSize = 20): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  return {
    kind: 'postgres',
    async query<R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) {
      const result = await pool.query(queryConfig(sql, params, options))
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect()
        // A connection killed mid-transaction (pg_terminate_backend, a failover) emits 'error' on the
        // checked-out client, where the pool no longer listens: unhandled, that would end the
        // process. The failing query rejects anyway; the broken client is destroyed on release.
        let broken: Error | undefined
        const onError = (error: Error) => {
          broken = error
        }
        client.on('error', onError)
        try {
          // One round trip: BEGIN and the transaction's settings as one simple-protocol message.
          const settings = options?.settings && settingsStatement(options.settings)
          await client.query(settings ? `${beginStatement(options)}; ${settings}` : beginStatement(options))
          const tx: Queryable = {
            async query<R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) {
              const result = await client.query(queryConfig(sql, params, options))
              return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 }
            },
          }
          const value = await fn(tx)
          await client.query('COMMIT')
          return value
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {})
          const code = (error as { code?: string }).code
          if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue
          throw error
        } finally {
          client.removeListener('error', onError)
          client.release(broken)
        }
      }
    },
    async exec(sql: string) {
      await pool.query(sql)
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      const client = new pg.Client({ connectionString })
      client.on('error', () => {})
      await client.connect()
      client.on('notification', (msg) => {
        if (msg.channel === channel) onNotify(msg.payload ?? '')
      })
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
      return async () => {
        await client.end().catch(() => {})
      }
    },
    asRole(role: string, password?: string) {
      const url = new URL(connectionString)
      url.username = encodeURIComponent(role)
      url.password = password ? encodeURIComponent(password) : ''
      return openPostgresDatabase(url.toString(), poolSize)
    },
    poolStats() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
    },
    async close() {
      await pool.end()
    },
  }
}

/** pg's query config: a named (prepared once per connection) statement when asked for. */
function queryConfig(sql: string, params: readonly unknown[], options?: QueryOptions): pg.QueryConfig {
  const values = params as unknown[]
  return options?.prepareAs ? { name: options.prepareAs, text: sql, values } : { text: sql, values }
}
