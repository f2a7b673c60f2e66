/**
 * A list kept in one RxDB local document (device-only, never replicated, survives a reload):
 * writes are serialised, since several callers (actions, replication's answers) change it at once.
 * Other tabs of the same database see every change through `list$`.
 */
import { type Observable, map } from 'rxjs'
import type { ClientDatabase } from './database.js'

export interface LocalList<T> {
  list$: Observable<T[]>
  /** The list once every write already asked for has run. */
  current(): Promise<T[]>
  /** Writes `change(list)` unless it returns the same list (nothing to write). */
  update(change: (list: T[]) => T[]): Promise<void>
}

/** `field`: the document's property holding the list (kept as it was stored by earlier versions). */
export function localList<T>(db: ClientDatabase, key: string, field = 'items'): LocalList<T> {
  let tail: Promise<unknown> = Promise.resolve()
  type Stored = Record<string, T[]>
  const itemsOf = (doc: { toJSON(): { data: unknown } } | null): T[] =>
    doc ? ((doc.toJSON().data as Partial<Stored>)[field] ?? []) : []

  async function read(): Promise<T[]> {
    return itemsOf(await db.getLocal<Stored>(key))
  }

  return {
    list$: db.getLocal$<Stored>(key).pipe(map(itemsOf)),
    current: () => tail.then(read),
    update(change) {
      const run = tail.then(async () => {
        if (db.closed) return
        const before = await read()
        const after = change(before)
        if (after === before) return
        await db.upsertLocal<Stored>(key, { [field]: after })
      })
      tail = run.catch(() => {})
      return run
    },
  }
}
