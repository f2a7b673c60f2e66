/**
 * A list kept in one RxDB local document (device-only, never replicated, survives a reload):
 * writes are serialised, since several callers (actions, replication's answers) change it at once,
 * and each is a change applied to the latest stored list (RxDB's incremental write), so tabs writing
 * at once keep both changes. Other tabs of the same database see every change through `list$`.
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
        // Bounded: a second attempt only follows another tab creating the document meanwhile.
        for (let attempt = 0; attempt < 2 && !db.closed; attempt++) {
          const doc = await db.getLocal<Stored>(key)
          if (doc) {
            const items = itemsOf(doc)
            if (change(items) === items) return
            // Applied to the latest stored list, again after a conflict with another tab's write:
            // one tab's change never overwrites another's.
            await doc.incrementalModify((data) => {
              const before = data[field] ?? []
              const after = change(before)
              return after === before ? data : { ...data, [field]: after }
            })
            return
          }
          const none: T[] = []
          const created = change(none)
          if (created === none) return
          try {
            await db.insertLocal<Stored>(key, { [field]: created })
            return
          } catch (error) {
            if ((error as { status?: number }).status !== 409) throw error
          }
        }
      })
      tail = run.catch(() => {})
      return run
    },
  }
}
