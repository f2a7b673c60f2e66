/**
 * One database interface over embedded PGlite and a real PostgreSQL `pg` Pool. Everything above
 * this folder talks to `Database` / `Queryable` and never knows which one it has.
 */
export interface QueryResult<R> {
  rows: R[]
  rowCount: number
}

export interface QueryOptions {
  /**
   * Prepare the statement once per connection under this name and reuse its plan (pg's named
   * statements). Only for a hot statement whose plan does not depend on its parameters (a generic
   * plan is chosen after a few runs); the name must always go with the same SQL text. PGlite ignores it.
   */
  prepareAs?: string
}

export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable'

export interface TransactionOptions {
  isolation?: Isolation
  readOnly?: boolean
  /**
   * Transaction-local settings (set_config(name, value, true)) applied right after BEGIN, before
   * `fn` runs: how server/db/tenantScope.ts names the transaction's organisation.
   */
  settings?: Readonly<Record<string, string>>
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Runs a multi-statement SQL script (migrations). */
  exec(sql: string): Promise<void>
  /** LISTEN on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
  /**
   * The same database used as another (already existing) role, for the requests: on PostgreSQL a
   * separate pool that logs in as `role`; on PGlite, one connection, each transaction of the returned
   * Database starts with SET LOCAL ROLE (see README, "Organisations and row-level security").
   * Closing the returned Database closes only what it opened.
   */
  asRole(role: string, password?: string): Database
  /**
   * The same database whose every query and transaction runs with `settings()` (read at each call:
   * server/db/tenantScope.ts names the current organisation this way). On PostgreSQL they are session
   * settings of the pooled connection, set outside any transaction and only when they differ from
   * what that connection has (a connection in the same scope as its last use costs no round trip; a
   * use with other or no settings changes or clears them first). On PGlite, whose one connection
   * also serves the owner's work, they are transaction-local settings of each transaction.
   */
  scoped(settings: () => Readonly<Record<string, string>>): Database
  /** Connection pool usage for the metrics (null where there is no pool: PGlite is one connection). */
  poolStats(): PoolStats | null
  close(): Promise<void>
}

export interface PoolStats {
  total: number
  idle: number
  waiting: number
}

export function beginStatement(options: TransactionOptions = {}): string {
  const parts = ['BEGIN']
  if (options.isolation) parts.push(`ISOLATION LEVEL ${options.isolation.toUpperCase()}`)
  if (options.readOnly) parts.push('READ ONLY')
  return parts.join(' ')
}

/**
 * One statement applying `settings` transaction-locally, or for the session with `lifetime`
 * 'session' (values are quoted as SQL literals).
 */
export function settingsStatement(
  settings: Readonly<Record<string, string>>,
  lifetime: 'transaction' | 'session' = 'transaction',
): string | null {
  const entries = Object.entries(settings)
  if (entries.length === 0) return null
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`
  const local = lifetime === 'transaction'
  return `SELECT ${entries.map(([name, value]) => `set_config(${quote(name)}, ${quote(value)}, ${local})`).join(', ')}`
}
