/**
 * One delivery attempt: POST the signed body, give up after `timeoutMs` (a receiver that hangs
 * or answers slowly must not hold a worker), follow no redirect (a 3xx is a failure: following it
 * could lead anywhere). Never throws for the receiver's behaviour: the result says what happened.
 * node:http with keep-alive agents rather than fetch: a fraction of the CPU per request, which
 * the booking throughput beside it needs (README "Webhooks").
 */
import http from 'node:http'
import https from 'node:https'
import type { SignedHeaders } from './signing.js'

export interface AttemptResult {
  ok: boolean
  statusCode: number | null
  error: string | null
  durationMs: number
}

const MAX_ERROR_LENGTH = 500
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
}

export async function postWebhook(
  url: string,
  body: string,
  headers: SignedHeaders,
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = performance.now()
  const duration = () => Math.round(performance.now() - started)
  try {
    const statusCode = await post(new URL(url), body, headers, timeoutMs)
    const ok = statusCode >= 200 && statusCode < 300
    return { ok, statusCode, error: ok ? null : `HTTP ${statusCode}`, durationMs: duration() }
  } catch (error) {
    return { ok: false, statusCode: null, error: describe(error, timeoutMs), durationMs: duration() }
  }
}

/**
 * The answer's status, once its body has been read (and discarded) within the time limit. The limit
 * is a plain timer that destroys the request: an AbortSignal per request (AbortSignal.timeout and
 * its listeners) cost the worker as much CPU as signing the message.
 */
function post(url: URL, body: string, headers: SignedHeaders, timeoutMs: number): Promise<number> {
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(timedOut())
      request.destroy()
    }, timeoutMs)
    const settle = (settled: () => void) => {
      clearTimeout(timer)
      settled()
    }
    const request = client.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as keyof typeof agents],
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'UniService-Webhooks/1',
        },
      },
      (response) => {
        response.on('error', (error) => settle(() => reject(error)))
        response.on('end', () => settle(() => resolve(response.statusCode ?? 0)))
        response.resume()
      },
    )
    request.on('error', (error) => settle(() => reject(error)))
    request.end(body)
  })
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
