/**
 * One delivery attempt: POST the signed body, give up after `timeoutMs` (a receiver that hangs
 * or answers slowly must not hold a worker), follow no redirect (a 3xx is a failure: following it
 * could lead anywhere; undici's Agent follows none). Never throws for the receiver's behaviour: the
 * result says what happened.
 * undici's Agent (keep-alive connections per origin) rather than node:http: about two thirds of the
 * CPU per request (fetch, undici's too, costs several times more), which the booking throughput
 * beside it needs (README "Webhooks").
 */
import { Agent } from 'undici'
import type { SignedHeaders } from './signing.js'

export interface AttemptResult {
  ok: boolean
  statusCode: number | null
  error: string | null
  durationMs: number
}

const MAX_ERROR_LENGTH = 500
/** Keep-alive connections per origin (node:http's agent had as many sockets per host before). */
const agent = new Agent({ connections: 50 })

export async function postWebhook(
  url: string,
  body: string,
  headers: SignedHeaders,
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = performance.now()
  const duration = () => Math.round(performance.now() - started)
  try {
    const statusCode = await post(url, body, headers, timeoutMs)
    const ok = statusCode >= 200 && statusCode < 300
    return { ok, statusCode, error: ok ? null : `HTTP ${statusCode}`, durationMs: duration() }
  } catch (error) {
    return { ok: false, statusCode: null, error: describe(error, timeoutMs), durationMs: duration() }
  }
}

/**
 * The answer's status, once its body has been read (and discarded) within the time limit. undici's
 * dispatch with a handler of our own rather than its request(): that one builds a Readable stream,
 * a parsed header object and an async resource per response, which the worker paid for on every
 * attempt only to throw the body away (about a fifth of a POST's CPU). The handler keeps what
 * request() and body.dump() did: a body past MAX_DISCARDED_BODY drops the connection (the status
 * stands); the limit is a plain timer that aborts the request, whether it is still waiting for a
 * connection or already sent (an AbortSignal per request cost as much CPU as signing the message).
 */
function post(url: string, body: string, headers: SignedHeaders, timeoutMs: number): Promise<number> {
  const { origin, path } = targetOf(url)
  return new Promise((resolve, reject) => {
    const handler = new StatusHandler(resolve, reject)
    const timer = setTimeout(() => handler.fail(timedOut()), timeoutMs)
    handler.settled = () => clearTimeout(timer)
    agent.dispatch(
      {
        origin,
        path,
        method: 'POST',
        body,
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'UniService-Webhooks/1' },
      },
      handler,
    )
  })
}

/** What undici's body.dump() read of an answer before it dropped the connection instead. */
const MAX_DISCARDED_BODY = 128 * 1024

/** undici's dispatch handler for one attempt: settles once, with the status or the error. */
class StatusHandler {
  settled: () => void = () => {}
  private done = false
  private statusCode = 0
  private bodyBytes = 0
  private abort: ((reason: Error) => void) | null = null
  /** Why the attempt ended before undici took it (the timer): it is aborted once undici does. */
  private reason: Error | null = null

  constructor(
    private readonly resolve: (statusCode: number) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /** Ends the attempt with `error` (the time limit) and aborts the request, wherever it is. */
  fail(error: Error): void {
    this.onError(error)
    if (this.abort) this.abort(error)
    else this.reason = error
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.reason) abort(this.reason)
    else this.abort = abort
  }

  onHeaders(statusCode: number): boolean {
    // 1xx answers come before the real one.
    if (statusCode >= 200) this.statusCode = statusCode
    return true
  }

  onData(chunk: Buffer): boolean {
    this.bodyBytes += chunk.length
    if (this.bodyBytes > MAX_DISCARDED_BODY) {
      this.onComplete()
      this.abort?.(new Error('answer body too long; connection dropped'))
    }
    return true
  }

  onComplete(): void {
    if (this.done) return
    this.done = true
    this.settled()
    this.resolve(this.statusCode)
  }

  onError(error: unknown): void {
    if (this.done) return
    this.done = true
    this.settled()
    this.reject(error)
  }

  onUpgrade(): void {}
}

/** An endpoint URL split as undici wants it, parsed once per URL (a process delivers to few). */
const targets = new Map<string, { origin: string; path: string }>()
const MAX_TARGETS = 10_000
function targetOf(url: string): { origin: string; path: string } {
  let target = targets.get(url)
  if (!target) {
    const parsed = new URL(url)
    target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` }
    if (targets.size >= MAX_TARGETS) targets.clear()
    targets.set(url, target)
  }
  return target
}

function timedOut(): Error {
  const error = new Error('timed out')
  error.name = 'TimeoutError'
  return error
}

function describe(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string; cause?: { name?: string } }).cause?.name ?? (error as Error).name
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`
  const code = (error as { code?: string }).code
  const text = code ?? (error instanceof Error ? error.message : String(error))
  return text.slice(0, MAX_ERROR_LENGTH)
}
