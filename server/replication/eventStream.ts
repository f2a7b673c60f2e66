/**
 * One server-sent-events connection: tells the device which collection changed (it then pulls), or
 * carries the changed documents themselves (`documents`, sent at once: it costs the device no pull),
 * sends a comment as heartbeat so proxies keep the connection open and dead peers are noticed, and
 * asks EventSource to reconnect quickly after a drop (the device resyncs on every (re)connect).
 *
 * Wake-ups are paced per collection: one goes out at once when the previous one is at least
 * `spacingMs` old, otherwise it is sent when that spacing is over (the last one always). Each
 * wake-up costs the device a pull, and devices watching a busy scope (a provider whose slots are
 * being booked by many customers) would otherwise all pull after every feed poll; one pull per
 * spacing returns everything committed up to it. The feed sets the spacing from how many streams
 * one poll wakes (wakeAudience.ts), so a lone device is never held back.
 */
import type { ServerResponse } from 'node:http'
import { STREAM_ACCOUNT_EVENT, STREAM_CHANGE_EVENT } from '../../shared/replication.js'
import { STREAM_DOCUMENTS_EVENT } from '../../shared/streamedChanges.js'

export interface EventStreamOptions {
  heartbeatMs: number
  /** EventSource's reconnect delay after a drop. */
  retryMs: number
}

export interface EventStream {
  /** `spacingMs`: the least time since this collection's previous wake-up (0: now). */
  sendChange(collection: string, spacingMs?: number): void
  /** Sends a scope's changed documents at once: a frame built by documentsFrame, shared by the scope's streams. */
  sendDocuments(frame: Uint8Array): void
  /** Tells the device that its user's account changed (STREAM_ACCOUNT_EVENT). */
  sendAccountChanged(): void
  end(): void
}

/**
 * The server-sent event carrying a serialized StreamedChanges (shared/streamedChanges.ts), encoded
 * once: a thousand streams of one scope are handed the same bytes, so the server neither copies nor
 * UTF-8-encodes the message per stream.
 */
export function documentsFrame(message: string): Uint8Array {
  return Buffer.from(`event: ${STREAM_DOCUMENTS_EVENT}\ndata: ${message}\n\n`)
}

export function openEventStream(
  response: ServerResponse,
  options: EventStreamOptions,
  onEnd: () => void,
): EventStream {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies must not buffer the stream
    'x-accel-buffering': 'no',
  })
  response.write(`retry: ${options.retryMs}\n: connected\n\n`)
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), options.heartbeatMs)
  let ended = false
  const lastSent = new Map<string, number>()
  const pending = new Map<string, ReturnType<typeof setTimeout>>()
  const end = () => {
    if (ended) return
    ended = true
    clearInterval(heartbeat)
    for (const timer of pending.values()) clearTimeout(timer)
    pending.clear()
    onEnd()
    response.end()
  }
  response.on('close', end)
  response.on('error', end)
  const send = (collection: string) => {
    pending.delete(collection)
    lastSent.set(collection, Date.now())
    if (!ended) response.write(`event: ${STREAM_CHANGE_EVENT}\ndata: ${collection}\n\n`)
  }
  return {
    sendChange(collection, spacingMs = 0) {
      if (ended || pending.has(collection)) return
      const wait = (lastSent.get(collection) ?? Number.NEGATIVE_INFINITY) + spacingMs - Date.now()
      if (wait <= 0) send(collection)
      else
        pending.set(
          collection,
          setTimeout(() => send(collection), wait),
        )
    },
    sendDocuments(frame) {
      if (!ended) response.write(frame)
    },
    sendAccountChanged() {
      if (!ended) response.write(`event: ${STREAM_ACCOUNT_EVENT}\ndata: profile\n\n`)
    },
    end,
  }
}
