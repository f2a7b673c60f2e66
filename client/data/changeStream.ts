/**
 * The device's end of the live stream: one EventSource per device tells each collection's replication
 * to pull ('RESYNC') when the server says that collection changed, and after every (re)connect,
 * because changes made while the stream was down were never announced.
 *
 * When the server sends the changed documents themselves (`documents`, shared/streamedChanges.ts),
 * they go to RxDB as the next pull step ({documents, checkpoint} on pull.stream$), but only when
 * they continue the checkpoint the device's pull stands at (`pulls`, kept by the pull handler in
 * replication.ts); otherwise, or while a pull is running, the device pulls as before. The checkpoint
 * stays the truth: a message lost, repeated or out of order costs a pull, never a document.
 *
 * The session token travels in the Authorization header of the stream's request, never in its URL
 * (URLs end up in logs and histories; invariant 11). The browser's own EventSource cannot set
 * headers, so the client uses the `eventsource` package (the WHATWG EventSource over fetch), in the
 * browser and in Node alike.
 */
import { BehaviorSubject, Subject } from 'rxjs'
import {
  type Checkpoint,
  type CollectionName,
  REPLICATED_COLLECTIONS,
  STREAM_ACCOUNT_EVENT,
  STREAM_CHANGE_EVENT,
} from '../../shared/replication.js'
import { STREAM_DOCUMENTS_EVENT, StreamedChanges, continuation } from '../../shared/streamedChanges.js'

export interface EventSourceLike {
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onerror: ((event: Event) => void) | null
  addEventListener(type: string, listener: (event: MessageEvent) => void): void
  close(): void
}
/** What an EventSource needs besides the URL: the fetch that carries the session (a header, never the URL). */
export interface EventSourceOptions {
  fetch?: typeof fetch
}

export interface ChangeStreamOptions extends EventSourceOptions {
  /**
   * The server refused the stream's session (401): it was revoked or expired. The server ends the open
   * streams of a revoked session, and the reconnect is refused; nothing else may ask the server for a
   * while, so this is how an idle device learns that the user must sign in again.
   */
  onUnauthorized?: () => void
  /**
   * The server refused the stream with 403: the only 403 the stream's request gets is the membership
   * check (the user was removed from the organisation, which ends the open stream too). The stream
   * keeps retrying; the app reads the user's organisations again to be sure (lostMembership.ts).
   */
  onForbidden?: () => void
}
export type EventSourceConstructor = new (url: string, options?: EventSourceOptions) => EventSourceLike

/** RxDB's pull.stream$ items: pull now, or the next documents with the checkpoint they bring. */
export type PullStreamItem = 'RESYNC' | { documents: StreamedChanges['documents']; checkpoint: Checkpoint }

/** Where a collection's pull stands, as far as the device knows (kept by the pull handler). */
export interface PullPosition {
  /** The checkpoint RxDB holds after everything handed to it (undefined: not known yet). */
  checkpoint: Checkpoint | null | undefined
  /** Pulls running now: the checkpoint is about to change. */
  running: number
}

export interface ChangeStream {
  /** Emits 'RESYNC' whenever the collection should pull, or the documents the stream carried. */
  resync: Record<CollectionName, Subject<PullStreamItem>>
  pulls: Record<CollectionName, PullPosition>
  connected$: BehaviorSubject<boolean>
  /** The user's account (their profile) changed, on this device or another: read the user again. */
  accountChanged$: Subject<void>
  /**
   * The server sent a message (a change, documents, the account): the device heard from it, and what
   * it shows is that fresh ("last sync" moves with the live changes, not only with pulls and pushes).
   */
  heard$: Subject<void>
  /** Connects again now unless connected (the network is back: do not wait out EventSource's own delay). */
  reconnect(): void
  close(): void
}

/** EventSource.CLOSED: it gave up (e.g. a non-200 answer) and will not reconnect by itself. */
const CLOSED = 2
const REOPEN_DELAY_MS = 3000

export function openChangeStream(
  url: string,
  EventSourceImpl: EventSourceConstructor,
  { onUnauthorized, onForbidden, ...sourceOptions }: ChangeStreamOptions = {},
): ChangeStream {
  const resync = Object.fromEntries(
    REPLICATED_COLLECTIONS.map((name) => [name, new Subject<PullStreamItem>()]),
  ) as Record<CollectionName, Subject<PullStreamItem>>
  const pulls = Object.fromEntries(
    REPLICATED_COLLECTIONS.map((name) => [name, { checkpoint: undefined, running: 0 }]),
  ) as Record<CollectionName, PullPosition>
  const receive = (data: string) => {
    const parsed = parseStreamed(data)
    if (!parsed) return
    const { collection } = parsed
    const position = pulls[collection]
    const next = position.running > 0 ? 'resync' : continuation(position.checkpoint, parsed)
    const horizon = position.checkpoint?.horizon
    if (next === 'apply' && withinHorizon(parsed.documents, horizon)) {
      // The device's horizon stays as it was: only a pull moves it (and sends the slots it brings in).
      const checkpoint = horizon === undefined ? parsed.checkpoint : { ...parsed.checkpoint, horizon }
      position.checkpoint = checkpoint
      resync[collection].next({ documents: parsed.documents, checkpoint })
    } else if (next !== 'skip') resync[collection].next('RESYNC')
  }
  const connected$ = new BehaviorSubject(false)
  const accountChanged$ = new Subject<void>()
  const heard$ = new Subject<void>()
  let closed = false
  let reopenTimer: ReturnType<typeof setTimeout> | undefined
  const connect = (): EventSourceLike => {
    const next = new EventSourceImpl(url, sourceOptions)
    next.onopen = () => {
      connected$.next(true)
      for (const subject of Object.values(resync)) subject.next('RESYNC')
    }
    // EventSource reconnects by itself after a network error (onopen then resyncs), but not after
    // a refused answer: then open a new one later.
    next.onerror = (event) => {
      connected$.next(false)
      // The `eventsource` package's error event carries the refused answer's status as `code`.
      const { code } = event as Event & { code?: number }
      if (code === 401) onUnauthorized?.()
      if (code === 403) onForbidden?.()
      if (next.readyState === CLOSED && !closed) {
        reopenTimer = setTimeout(() => {
          source = connect()
        }, REOPEN_DELAY_MS)
      }
    }
    next.addEventListener(STREAM_CHANGE_EVENT, (event) => {
      heard$.next()
      resync[event.data as CollectionName]?.next('RESYNC')
    })
    next.addEventListener(STREAM_DOCUMENTS_EVENT, (event) => {
      // Heard before the documents go to RxDB: their views update with "last sync" already moved.
      heard$.next()
      receive(String(event.data))
    })
    next.addEventListener(STREAM_ACCOUNT_EVENT, () => {
      heard$.next()
      accountChanged$.next()
    })
    return next
  }
  let source = connect()
  return {
    resync,
    pulls,
    connected$,
    accountChanged$,
    heard$,
    reconnect() {
      if (closed || connected$.value) return
      clearTimeout(reopenTimer)
      source.close()
      source = connect()
    },
    close() {
      closed = true
      clearTimeout(reopenTimer)
      source.close()
      connected$.next(false)
      for (const subject of Object.values(resync)) subject.complete()
      accountChanged$.complete()
      heard$.complete()
    },
  }
}

/**
 * Whether a device bounded by `horizon` (its slots' checkpoint, server/replication/slotHorizon.ts) may
 * take a message as is. A message carries every changed slot of the organisation; the device's view is
 * those starting before its horizon's end plus the slots of its own bookings, which it cannot tell
 * from a message. A message whose slots all start before the end holds exactly the device's changes;
 * any other is pulled instead (the pull sends what is in view).
 */
function withinHorizon(documents: readonly Record<string, unknown>[], horizon: string | null | undefined) {
  if (horizon === undefined || horizon === null) return true
  const end = Date.parse(horizon)
  return documents.every((doc) => typeof doc.startTime === 'string' && Date.parse(doc.startTime) < end)
}

/**
 * A documents message, or null when it is not one this client understands (a newer server's, say):
 * then the collection it names, if any, pulls instead.
 */
function parseStreamed(data: string): StreamedChanges | null {
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return null
  }
  return StreamedChanges.safeParse(json).data ?? null
}
