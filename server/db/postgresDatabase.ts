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

type Settings = Readonly<Record<string, string>>
const NO_SETTINGS: Settings = {}

/** Real PostgreSQL through a `pg` Pool. LISTEN uses one dedicated client per subscription. */
export function openPostgresDatabase(connectionString: string, poolSize = 20): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  /** The session settings each pooled connection has now (absent: none were ever set on it). */
  const sessionOf = new WeakMap<pg.PoolClient, Settings>()

  /**
   * Gives `client` exactly `wanted` as session settings, with one statement outside any transaction,
   * and only if they differ from what it has; settings it has and `wanted` lacks are cleared ('').
   * If the statement fails, the caller destroys the connection: what it has would be unknown.
   */
  async function settle(client: pg.PoolClient, wanted: Settings): Promise<void> {
    const have = sessionOf.get(client) ?? NO_SETTINGS
    const change: Record<string, string> = {}
    for (const [name, value] of Object.entries(wanted)) if (have[name] !== value) change[name] = value
    for (const [name, value] of Object.entries(have)) if (!(name in wanted) && value !== '') change[name] = ''
    const statement = settingsStatement(change, 'session')
    if (!statement) return
    await client.query(statement)
    sessionOf.set(client, { ...have, ...change })
  }

  /**
   * Checks a connection out with `wanted` settled on it. A connection killed while checked out
   * (pg_terminate_backend, a failover) emits 'error' on the client, where the pool no longer
   * listens: unhandled, that would end the process. The failing query rejects anyway; a broken
   * client (or one whose settings could not be settled) is destroyed on release. With `discardOnError`
   * (plain queries and scripts, as pg's pool.query does), a connection whose work failed is destroyed
   * too: a script with its own BEGIN (pg-boss's schema creation) that fails midway leaves the
   * connection inside an aborted transaction, which the next user would inherit. `use` may also
   * `discard` the connection itself (a transaction whose ROLLBACK failed may still be open).
   */
  async function withClient<T>(
    wanted: Settings,
    use: (client: pg.PoolClient, discard: (reason: Error) => void) => Promise<T>,
    discardOnError = false,
  ): Promise<T> {
    const client = await pool.connect()
    let broken: Error | undefined
    const onError = (error: Error) => {
      broken = error
    }
    client.on('error', onError)
    try {
      try {
        await settle(client, wanted)
      } catch (error) {
        broken = error as Error
        throw error
      }
      try {
        return await use(client, (reason) => {
          broken ??= reason
        })
      } catch (error) {
        if (discardOnError) broken ??= error as Error
        throw error
      }
    } finally {
      client.removeListener('error', onError)
      client.release(broken)
    }
  }

  async function run<R>(
    client: pg.PoolClient,
    sql: string,
    params: readonly unknown[],
    options?: QueryOptions,
  ) {
    const result = await client.query(queryConfig(sql, params, options))
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 }
  }

  function database(sessionSettings: () => Settings): Database {
    return {
      kind: 'postgres',
      query<R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) {
        return withClient(sessionSettings(), (client) => run<R>(client, sql, params, options), true)
      },
      async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) {
        const wanted = sessionSettings()
        for (let attempt = 1; ; attempt++) {
          try {
            return await withClient(wanted, async (client, discard) => {
              try {
                // One round trip: BEGIN and the transaction's settings as one simple-protocol message.
                const settings = options?.settings && settingsStatement(options.settings)
                await client.query(
                  settings ? `${beginStatement(options)}; ${settings}` : beginStatement(options),
                )
                const value = await fn({ query: (sql, params = [], opts) => run(client, sql, params, opts) })
                await client.query('COMMIT')
                return value
              } catch (error) {
                // A connection whose ROLLBACK failed may still be inside the transaction: never reused.
                await client.query('ROLLBACK').catch((rollbackFailed: Error) => discard(rollbackFailed))
                throw error
              }
            })
          } catch (error) {
            const code = (error as { code?: string }).code
            if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue
            throw error
          }
        }
      },
      async exec(sql: string) {
        await withClient(sessionSettings(), (client) => client.query(sql), true)
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
      scoped: (settings) => database(settings),
      poolStats() {
        return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
      },
      async close() {
        await pool.end()
      },
    }
  }
  return database(() => NO_SETTINGS)
}

/** pg's query config: a named (prepared once per connection) statement when asked for. */
function queryConfig(sql: string, params: readonly unknown[], options?: QueryOptions): pg.QueryConfig {
  const values = params as unknown[]
  return options?.prepareAs ? { name: options.prepareAs, text: sql, values } : { text: sql, values }
}
