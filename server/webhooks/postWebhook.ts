/**
 * One delivery attempt: POST the signed body, give up after `timeoutMs` (a receiver that hangs
 * or answers slowly must not hold a worker), follow no redirect (a 3xx is a failure: following it
 * could lead anywhere; undici's Agent follows none). Never throws for the receiver's behaviour: the
 * result says what happened.
 * undici's Agent (keep-alive connections per origin) rather than node:http: about two thirds of the
 * CPU per request (fetch, undici's too, costs several times more), which the booking throughput
 * beside it needs (README "Webhooks").
 */
import { EventEmitter } from 'node:events'
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
 * The answer's status, once its body has been read (and discarded) within the time limit. The limit
 * is a plain timer that aborts the request: an AbortSignal per request (AbortSignal.timeout and its
 * listeners) cost the worker as much CPU as signing the message; undici takes an EventEmitter too.
 */
function post(url: string, body: string, headers: SignedHeaders, timeoutMs: number): Promise<number> {
  const { origin, path } = targetOf(url)
  return new Promise((resolve, reject) => {
    const signal = new EventEmitter()
    const timer = setTimeout(() => {
      reject(timedOut())
      signal.emit('abort')
    }, timeoutMs)
    agent
      .request({
        origin,
        path,
        method: 'POST',
        body,
        signal,
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'UniService-Webhooks/1' },
      })
      .then(async (response) => {
        await response.body.dump()
        return response.statusCode
      })
      .then(
        (statusCode) => {
          clearTimeout(timer)
          resolve(statusCode)
        },
        (error: unknown) => {
          clearTimeout(timer)
          reject(error)
        },
      )
  })
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
