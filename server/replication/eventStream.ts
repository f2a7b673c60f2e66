/**
 * One server-sent-events connection: tells the device which collection changed (it then pulls),
 * sends a comment as heartbeat so proxies keep the connection open and dead peers are noticed, and
 * asks EventSource to reconnect quickly after a drop (the device resyncs on every (re)connect).
 */
import type { ServerResponse } from 'node:http'
import { STREAM_CHANGE_EVENT } from '../../shared/replication.js'

export interface EventStreamOptions {
  heartbeatMs: number
  /** EventSource's reconnect delay after a drop. */
  retryMs: number
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
  const end = () => {
    if (ended) return
    ended = true
    clearInterval(heartbeat)
    onEnd()
    response.end()
  }
  response.on('close', end)
  response.on('error', end)
  return {
    sendChange(collection) {
      if (!ended) response.write(`event: ${STREAM_CHANGE_EVENT}\ndata: ${collection}\n\n`)
    },
    end,
  }
}
