/**
 * The process's end of PostgreSQL's change feed: one LISTEN per server process on the channel the
 * notify_change trigger signals at every commit that wrote a replicated table, fanned out to this
 * process's stream subscribers. Every process listens, so a write through any process reaches the
 * subscribers of all of them; nothing here is state beyond who is connected to this process.
 */
import type { Database } from '../db/database.js'

export const CHANGE_CHANNEL = 'uniservice_changes'

export type ChangeListener = (table: string) => void

export interface ChangeFeed {
  subscribe(listener: ChangeListener): () => void
  close(): Promise<void>
}

export async function openChangeFeed(db: Database): Promise<ChangeFeed> {
  const listeners = new Set<ChangeListener>()
  const unlisten = await db.listen(CHANGE_CHANNEL, (table) => {
    for (const listener of listeners) listener(table)
  })
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      listeners.clear()
      await unlisten()
    },
  }
}
