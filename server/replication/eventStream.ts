/**
 * One server-sent-events connection: tells the device which collection changed (it then pulls),
 * sends a comment as heartbeat so proxies keep the connection open and dead peers are noticed, and
 * asks EventSource to reconnect quickly after a drop (the device resyncs on every (re)connect).
 *
 * Wake-ups are paced per collection: the first after a quiet spell goes out at once, later ones
 * at most every `minWakeMs`, the last one always (trailing). Each wake-up costs the device a pull,
 * and a device watching a busy scope (a provider whose slots are being booked by many customers)
 * would otherwise pull after every feed poll; one pull per interval returns everything committed
 * up to it, so pacing costs at most `minWakeMs` of latency under load and nothing when quiet.
 */
import type { ServerResponse } from 'node:http'
import { STREAM_CHANGE_EVENT } from '../../shared/replication.js'

export interface EventStreamOptions {
  heartbeatMs: number
  /** EventSource's reconnect delay after a drop. */
  retryMs: number
  /** Least time between two wake-ups of one collection (0: no pacing). */
  minWakeMs?: number
}

export interface EventStream {
  sendChange(collection: string): void
  end(): void
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
  const minWakeMs = options.minWakeMs ?? 0
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
    sendChange(collection) {
      if (ended || pending.has(collection)) return
      const wait = (lastSent.get(collection) ?? Number.NEGATIVE_INFINITY) + minWakeMs - Date.now()
      if (wait <= 0) send(collection)
      else
        pending.set(
          collection,
          setTimeout(() => send(collection), wait),
        )
    },
    end,
  }
}
