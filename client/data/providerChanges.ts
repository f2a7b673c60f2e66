/**
 * The device's record of a provider's queued changes, so nothing the provider did vanishes unseen:
 * each change (capacity, block, delete, new slot, booking status) is recorded when it is written
 * locally, and resolved by the server's answer through RxDB's own replication loop:
 *  - accepted: RxDB reports the row as pushed without conflict (the replication state's `sent$`), and
 *    the record goes;
 *  - refused: the server answers a conflict document carrying its refusal (shared/slotChangeRules.ts);
 *    the collection's conflict handler (conflictHandler.ts) lands the document on the server's state
 *    and records here what was tried, why it was refused and the server's value, until dismissed.
 * Kept in a local (not replicated) document, so an offline reload still lists everything. One record
 * per document: a second change to the same document before it is pushed replaces the first (RxDB
 * pushes only the latest state), keeping the count of records equal to the queue's.
 */
import type { Observable } from 'rxjs'
import type { ChangeRefusal } from '../../shared/slotChangeRules.js'
import type { ClientDatabase } from './database.js'
import { localList } from './localList.js'

export type ChangedCollection = 'slots' | 'bookings'

/** What the provider set: re-applying it is writing these fields again. */
export type TriedChange =
  | { kind: 'capacity'; maxBookings: number }
  | { kind: 'blocked'; blocked: boolean }
  | { kind: 'delete' }
  | { kind: 'create'; endTime: string }
  | { kind: 'status'; status: string; statusReason?: string | undefined }

export interface ProviderChange {
  /** `${collection}:${docId}` */
  key: string
  collection: ChangedCollection
  docId: string
  tried: TriedChange
  /** The start of the slot concerned, to name it. */
  slotStart: string
  /** When the provider made the change (the device's clock). */
  at: string
  state: 'queued' | 'refused'
  refusal?: ChangeRefusal
  /** The server's value of what was tried, in words (e.g. "capacity 3", "Cancelled", "not deleted"). */
  serverValue?: string
}

const LOG_DOCUMENT = 'providerChanges'

export interface ProviderChangeLog {
  changes$: Observable<ProviderChange[]>
  current(): Promise<ProviderChange[]>
  queued(change: Omit<ProviderChange, 'key' | 'state' | 'at'>, at?: Date): Promise<void>
  /** Documents RxDB pushed without conflict: the changes they carry are done. */
  accepted(collection: ChangedCollection, docs: readonly PushedState[]): Promise<void>
  /**
   * The server refused the push of `docId`. A document with no record (e.g. a customer's own booking)
   * is recorded only when `fallback` says what was tried.
   */
  refused(
    collection: ChangedCollection,
    docId: string,
    refusal: ChangeRefusal,
    serverValue: string,
    fallback: Omit<ProviderChange, 'key' | 'state' | 'at' | 'collection' | 'docId'> | null,
  ): Promise<void>
  dismiss(key: string): Promise<void>
}

const logs = new WeakMap<ClientDatabase, ProviderChangeLog>()

/** The database's change log (one per database, shared by the conflict handlers and the actions). */
export function providerChangeLog(db: ClientDatabase): ProviderChangeLog {
  const existing = logs.get(db)
  if (existing) return existing
  const log = openLog(db)
  logs.set(db, log)
  return log
}

export function changeKey(collection: ChangedCollection, docId: string): string {
  return `${collection}:${docId}`
}

function openLog(db: ClientDatabase): ProviderChangeLog {
  // Writes are serialised: the conflict handler and the UI's actions write concurrently.
  const { list$, current, update } = localList<ProviderChange>(db, LOG_DOCUMENT, 'changes')

  return {
    changes$: list$,
    current,
    queued(change, at = new Date()) {
      const key = changeKey(change.collection, change.docId)
      return update((list) => [
        ...list.filter((c) => c.key !== key),
        { ...change, key, state: 'queued', at: at.toISOString() },
      ])
    },
    accepted(collection, docs) {
      const pushed = new Map(docs.map((doc) => [changeKey(collection, doc.id), doc]))
      // A push that left before a newer change to the same document does not settle that change.
      const settled = (c: ProviderChange) => {
        const doc = pushed.get(c.key)
        return c.state === 'queued' && doc !== undefined && carries(doc, c.tried)
      }
      return update((list) => (list.some(settled) ? list.filter((c) => !settled(c)) : list))
    },
    refused(collection, docId, refusal, serverValue, fallback) {
      const key = changeKey(collection, docId)
      return update((list) => {
        const recorded = list.find((c) => c.key === key)
        const base =
          recorded ?? (fallback && { ...fallback, key, collection, docId, at: new Date().toISOString() })
        if (!base) return list
        const entry: ProviderChange = { ...base, state: 'refused', refusal, serverValue }
        return [...list.filter((c) => c.key !== key), entry]
      })
    },
    dismiss(key) {
      return update((list) => (list.some((c) => c.key === key) ? list.filter((c) => c.key !== key) : list))
    },
  }
}

/** The fields of a pushed document that say which change it carries. */
export interface PushedState {
  id: string
  _deleted: boolean
  maxBookings?: number
  blocked?: boolean
  status?: string
}

/** True when the pushed document carries the change the provider made. */
export function carries(doc: PushedState, tried: TriedChange): boolean {
  switch (tried.kind) {
    case 'capacity':
      return !doc._deleted && doc.maxBookings === tried.maxBookings
    case 'blocked':
      return !doc._deleted && doc.blocked === tried.blocked
    case 'delete':
      return doc._deleted
    case 'create':
      return !doc._deleted
    case 'status':
      return doc.status === tried.status
  }
}
