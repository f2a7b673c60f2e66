/**
 * The device's end of the live stream: one EventSource per device tells each collection's replication
 * to pull ('RESYNC') when the server says that collection changed, and after every (re)connect,
 * because changes made while the stream was down were never announced.
 *
 * The session token travels in the Authorization header of the stream's request, never in its URL
 * (URLs end up in logs and histories; invariant 11). The browser's own EventSource cannot set
 * headers, so the client uses the `eventsource` package (the WHATWG EventSource over fetch), in the
 * browser and in Node alike.
 */
import { BehaviorSubject, Subject } from 'rxjs'
import { type CollectionName, REPLICATED_COLLECTIONS, STREAM_CHANGE_EVENT } from '../../shared/replication.js'

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
export type EventSourceConstructor = new (url: string, options?: EventSourceOptions) => EventSourceLike

export interface ChangeStream {
  /** Emits 'RESYNC' whenever the collection should pull. */
  resync: Record<CollectionName, Subject<'RESYNC'>>
  connected$: BehaviorSubject<boolean>
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
  sourceOptions: EventSourceOptions = {},
): ChangeStream {
  const resync = Object.fromEntries(
    REPLICATED_COLLECTIONS.map((name) => [name, new Subject<'RESYNC'>()]),
  ) as Record<CollectionName, Subject<'RESYNC'>>
  const connected$ = new BehaviorSubject(false)
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
    next.onerror = () => {
      connected$.next(false)
      if (next.readyState === CLOSED && !closed) {
        reopenTimer = setTimeout(() => {
          source = connect()
        }, REOPEN_DELAY_MS)
      }
    }
    next.addEventListener(STREAM_CHANGE_EVENT, (event) => {
      resync[event.data as CollectionName]?.next('RESYNC')
    })
    return next
  }
  let source = connect()
  return {
    resync,
    connected$,
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
    },
  }
}
