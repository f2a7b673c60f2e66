/**
 * The device's record of a provider's changes, so nothing the provider did vanishes unseen: one record
 * per change (capacity, block, delete, new slot, booking status), in the order made, with what was
 * tried. Each is resolved by the server's answer through RxDB's own replication loop:
 *  - accepted: the server took it (RxDB reports the row pushed without conflict, the replication
 *    state's `sent$`, or the server's answer holds the value), and the record goes;
 *  - refused: the server's answer carries a refusal for the field the change touched
 *    (shared/slotChangeRules.ts); the collection's conflict handler (conflictHandler.ts) lands the
 *    document on the server's state and the record keeps why, and the server's value, until dismissed;
 *  - superseded: RxDB pushes a document's latest state only (assumedMasterState → newDocumentState),
 *    so two changes to one field between two pushes reach the server as the later one; the earlier
 *    was never judged, and is shown as replaced by the later (whose own outcome is shown), until
 *    dismissed. A deletion the server accepts supersedes the slot's earlier changes likewise.
 * A refused change that the provider changed again afterwards (the same field of the same document,
 * made after it, whatever became of it) is shown as replaced by that later change: the server's
 * value it kept may be out of date (the later change may have been taken), and applying it again
 * would undo the provider's newer intent, so neither is offered (a walk saw "Apply again" set 5 over
 * the provider's own later 6).
 * A change made after a push left is not settled by that push's answer: it stays queued for the next.
 * Kept in a local (not replicated) document, so an offline reload still lists everything.
 */
import type { Observable } from 'rxjs'
import type { ChangeRefusal } from '../../shared/slotChangeRules.js'
import type { ClientDatabase } from './database.js'
import { onePerDatabase } from './onePerDatabase.js'
import { localList } from './localList.js'

export type ChangedCollection = 'slots' | 'bookings'

/** What the provider set: re-applying it is writing these fields again. */
export type TriedChange =
  | { kind: 'capacity'; maxBookings: number }
  | { kind: 'blocked'; blocked: boolean }
  | { kind: 'delete' }
  | {
      kind: 'create'
      endTime: string
      /** What the slot was to be, so a refused one can be made again (absent in older records). */
      serviceName?: string | undefined
      maxBookings?: number | undefined
    }
  | { kind: 'status'; status: string; statusReason?: string | undefined }

export interface ProviderChange {
  /** This change's own key (several changes to one document each have theirs). */
  key: string
  collection: ChangedCollection
  docId: string
  tried: TriedChange
  /** The start of the slot concerned, to name it. */
  slotStart: string
  /** When the provider made the change (the device's clock). */
  at: string
  state: 'queued' | 'refused' | 'superseded'
  refusal?: ChangeRefusal
  /** The server's value of what was tried, in words (e.g. "capacity 3", "Cancelled", "not deleted"). */
  serverValue?: string
  /**
   * Superseded: the provider's later change that replaced this one before it was sent. Refused: the
   * provider's latest change to the same field made after this one (its own outcome is its own record).
   */
  replacedBy?: TriedChange
}

const LOG_DOCUMENT = 'providerChanges'

/** What was tried, for a refusal that matches no record (e.g. a record an older app kept per document). */
export type FallbackChange = Pick<ProviderChange, 'tried' | 'slotStart'>

/** The server's answer to one pushed document, as the device's change log resolves it. */
export interface PushAnswer {
  /** What RxDB pushed: the document's latest state when the push left. */
  pushed: PushedState
  /** The server's state after the push (the pushed state itself when it was accepted as sent). */
  server: PushedState
  /** The server's refusals, one per refused field (none: everything pushed was accepted). */
  refusals: readonly ChangeRefusal[]
  /** The server's value of the field a refusal concerns, in words. */
  serverValue?: (field: string | undefined) => string
  fallback?: FallbackChange | null
}

export interface ProviderChangeLog {
  changes$: Observable<ProviderChange[]>
  current(): Promise<ProviderChange[]>
  /** Records a change just written to the device; returns its key. */
  queued(change: Omit<ProviderChange, 'key' | 'state' | 'at'>, at?: Date): Promise<string>
  /** Resolves the queued changes of the pushed document against the server's answer. */
  resolved(collection: ChangedCollection, answer: PushAnswer): Promise<void>
  dismiss(key: string): Promise<void>
}

/** The database's change log (one per database, shared by the conflict handlers and the actions). */
export const providerChangeLog: (db: ClientDatabase) => ProviderChangeLog = onePerDatabase(openLog)

/** The key of a document's changes (toasts about a slot or booking use it). */
export function changeKey(collection: ChangedCollection, docId: string): string {
  return `${collection}:${docId}`
}

export function documentKey(change: Pick<ProviderChange, 'collection' | 'docId'>): string {
  return changeKey(change.collection, change.docId)
}

interface Answered {
  collection: ChangedCollection
  answer: PushAnswer
}

function openLog(db: ClientDatabase): ProviderChangeLog {
  // Writes are serialised: the conflict handler and the UI's actions write concurrently.
  const { list$, current, update } = localList<ProviderChange>(db, LOG_DOCUMENT, 'changes')

  /**
   * Answers waiting for the next write to the log, which resolves them all in the order they came:
   * RxDB reports a push batch's rows one by one (up to 500 a request, issue 13), and resolving each
   * on its own read the stored log once per row, one after another (a customer's 1,000 offline
   * bookings spent ~0.6 s of the reconnect in these reads in Chromium). The batch closes when its
   * write starts reading the log, and when any other write is asked for (a change queued, one
   * dismissed): answers arriving later go in the next batch, after that write, so every answer is
   * still applied after each write asked for before it, as when each had a write of its own.
   */
  let open: Answered[] | null = null
  let pending: Promise<void> = Promise.resolve()
  function resolveLater(answered: Answered): Promise<void> {
    if (open) {
      open.push(answered)
      return pending
    }
    const batch = [answered]
    open = batch
    pending = update((list) => {
      if (open === batch) open = null
      return batch.reduce((l, { collection, answer }) => resolveChanges(l, collection, answer), list)
    }).finally(() => {
      // A write that never ran (the database closed) resolved nothing, as before; its batch closes.
      if (open === batch) open = null
    })
    return pending
  }
  const write = (change: (list: ProviderChange[]) => ProviderChange[]): Promise<void> => {
    open = null
    return update(change)
  }

  return {
    changes$: list$,
    current,
    async queued(change, at = new Date()) {
      const key = `${documentKey(change)}:${crypto.randomUUID()}`
      await write((list) => [
        ...replacedByLater(list, change),
        { ...change, key, state: 'queued', at: at.toISOString() },
      ])
      return key
    },
    resolved: (collection, answer) => resolveLater({ collection, answer }),
    dismiss(key) {
      return write((list) => (list.some((c) => c.key === key) ? list.filter((c) => c.key !== key) : list))
    },
  }
}

/** The fields of a pushed document that say which changes it carries. */
export interface PushedState {
  id: string
  _deleted: boolean
  maxBookings?: number
  blocked?: boolean
  status?: string
}

/** The field of the document a change touches (a refusal names it). */
export function changedField(tried: TriedChange): string {
  switch (tried.kind) {
    case 'capacity':
      return 'maxBookings'
    case 'blocked':
      return 'blocked'
    case 'delete':
      return '_deleted'
    case 'create':
      return 'created'
    case 'status':
      return 'status'
  }
}

/** Whether two changes touch the same field of the same document. */
function sameField(a: ProviderChange, b: Pick<ProviderChange, 'collection' | 'docId' | 'tried'>): boolean {
  return documentKey(a) === documentKey(b) && changedField(a.tried) === changedField(b.tried)
}

/** The log with the refused changes that `later` changes again marked as replaced by it. */
function replacedByLater(
  list: ProviderChange[],
  later: Pick<ProviderChange, 'collection' | 'docId' | 'tried'>,
): ProviderChange[] {
  return list.map((c) =>
    c.state === 'refused' && sameField(c, later) ? { ...c, replacedBy: later.tried } : c,
  )
}

/** True when the document holds the value the change set (deletion aside: see resolveChanges). */
export function carries(doc: PushedState, tried: TriedChange): boolean {
  switch (tried.kind) {
    case 'capacity':
      return doc.maxBookings === tried.maxBookings
    case 'blocked':
      return doc.blocked === tried.blocked
    case 'delete':
      return doc._deleted
    case 'create':
      return true
    case 'status':
      return doc.status === tried.status
  }
}

/**
 * The log after the server answered a push of one document. Each queued change of that document, in
 * the order made:
 *  - not in the pushed state: replaced by a later change to the same field (or a deletion) that is,
 *    so it was never sent (superseded); or made after the push left (stays queued);
 *  - in the pushed state: refused when the server refused its field; else, when the server's state is
 *    deleted and the change is not the deletion, refused with the server's refusal (a creation refused,
 *    a slot gone) or superseded by the provider's own deletion; else accepted (the record goes).
 * A refusal of a document the log has no record of is recorded from `fallback`, so it is still shown.
 */
export function resolveChanges(
  list: ProviderChange[],
  collection: ChangedCollection,
  answer: PushAnswer,
): ProviderChange[] {
  const doc = changeKey(collection, answer.pushed.id)
  const queued = list.filter((c) => c.state === 'queued' && documentKey(c) === doc)
  if (queued.length === 0 && answer.refusals.length === 0) return list
  const { pushed, server, refusals } = answer
  const words = (field: string | undefined) => answer.serverValue?.(field) ?? ''
  const refusalOf = (c: ProviderChange) => refusals.find((r) => r.field === changedField(c.tried))
  const later = (c: ProviderChange, replaces: (l: ProviderChange) => boolean) =>
    queued.slice(queued.indexOf(c) + 1).find((l) => replaces(l) && carries(pushed, l.tried))
  const outcome = new Map<string, ProviderChange | null>()
  const refused = (c: ProviderChange, refusal: ChangeRefusal): ProviderChange => ({
    ...c,
    state: 'refused',
    refusal,
    serverValue: words(refusal.field),
  })
  const superseded = (c: ProviderChange, by: ProviderChange): ProviderChange => ({
    ...c,
    state: 'superseded',
    replacedBy: by.tried,
  })
  for (const change of queued) {
    const deletion = later(change, (l) => l.tried.kind === 'delete')
    if (!carries(pushed, change.tried) || (change.tried.kind !== 'delete' && pushed._deleted)) {
      const replacing = later(change, (l) => changedField(l.tried) === changedField(change.tried)) ?? deletion
      // Not carried and nothing later replaced it: made after the push left, it waits for the next.
      if (!replacing) continue
      // A deletion the server did not take leaves the earlier changes to be judged on their own.
      if (replacing !== deletion || server._deleted) {
        outcome.set(change.key, superseded(change, replacing))
        continue
      }
    }
    const own = refusalOf(change)
    if (own) outcome.set(change.key, refused(change, own))
    else if (server._deleted && change.tried.kind !== 'delete' && refusals[0])
      outcome.set(change.key, refused(change, refusals[0]))
    else if (carries(server, change.tried) || refusals.length === 0) outcome.set(change.key, null)
    else outcome.set(change.key, refused(change, refusals[0] as ChangeRefusal))
  }
  const next = list.flatMap((c, index) => {
    if (!outcome.has(c.key)) return [c]
    const resolved = outcome.get(c.key)
    if (resolved?.state !== 'refused') return resolved ? [resolved] : []
    // Refused, and changed again by the provider since (a later record of the same field): replaced.
    const again = list.slice(index + 1).findLast((l) => sameField(l, c))
    return [again ? { ...resolved, replacedBy: again.tried } : resolved]
  })
  const shown = [...outcome.values()].some((c) => c?.state === 'refused')
  const first = refusals[0]
  // A document with records already refused may be refused again (RxDB re-pushes a change whose
  // landing a newer one overtook): that refusal is shown already.
  if (!shown && first && answer.fallback && !list.some((c) => documentKey(c) === doc)) {
    next.push(
      refused(
        {
          ...answer.fallback,
          key: `${doc}:${crypto.randomUUID()}`,
          collection,
          docId: answer.pushed.id,
          at: new Date().toISOString(),
          state: 'queued',
        },
        first,
      ),
    )
  }
  return next
}
