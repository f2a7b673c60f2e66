/**
 * The process's end of PostgreSQL's change feed: one LISTEN per server process on the channel the
 * notify_change trigger signals at every commit that wrote a replicated table, fanned out to this
 * process's stream subscribers. Every process listens, so a write through any process reaches the
 * subscribers of all of them; nothing here is state beyond who is connected to this process.
 *
 * A LISTEN connection can die quietly (a restarted or failed-over database, a proxy timeout), and
 * then notifications simply stop. So the feed pings itself through the same channel; when its own
 * pings stop arriving it listens again and announces every table as changed, because whatever was
 * committed in the gap was never announced (devices then pull, and their checkpoints do the rest).
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '../db/database.js'

export const CHANGE_CHANNEL = 'uniservice_changes'

export type ChangeListener = (table: string) => void

export interface ChangeFeed {
  subscribe(listener: ChangeListener): () => void
  close(): Promise<void>
}

export interface ChangeFeedOptions {
  /** Tables announced after the feed had to listen again. */
  tables: readonly string[]
  /** How often the feed checks itself; it listens again after three missed pings. */
  livenessMs?: number
}

const PING_PREFIX = 'ping:'

export async function openChangeFeed(db: Database, options: ChangeFeedOptions): Promise<ChangeFeed> {
  const livenessMs = options.livenessMs ?? 10_000
  const listeners = new Set<ChangeListener>()
  const ownPing = `${PING_PREFIX}${randomUUID()}`
  let lastPingSeen = Date.now()
  // Pings sent since the last one came back: a slow, loaded database delays pings without losing
  // them, so the feed listens again only when several went out AND none returned for a while.
  let unansweredPings = 0
  let closed = false

  const announce = (table: string) => {
    for (const listener of listeners) listener(table)
  }
  const listen = () =>
    db.listen(CHANGE_CHANNEL, (payload) => {
      if (payload === ownPing) {
        lastPingSeen = Date.now()
        unansweredPings = 0
      } else if (!payload.startsWith(PING_PREFIX)) announce(payload)
    })
  let unlisten = await listen()

  async function checkLiveness(): Promise<void> {
    if (unansweredPings >= 3 && Date.now() - lastPingSeen > 3 * livenessMs) {
      await unlisten().catch(() => {})
      unlisten = await listen()
      lastPingSeen = Date.now()
      unansweredPings = 0
      for (const table of options.tables) announce(table)
    }
    unansweredPings++
    await db.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, ownPing])
  }
  let checking = Promise.resolve()
  const timer = setInterval(() => {
    // One check at a time; a failed one (database unreachable) is retried on the next tick.
    checking = checking.then(() => (closed ? undefined : checkLiveness().catch(() => {})))
  }, livenessMs)
  timer.unref()

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      closed = true
      clearInterval(timer)
      await checking
      listeners.clear()
      await unlisten()
    },
  }
}
