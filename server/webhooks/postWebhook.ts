/**
 * One delivery attempt: POST the signed body, give up after `timeoutMs` (a receiver that hangs
 * or answers slowly must not hold a worker), follow no redirect (a 3xx is a failure: following it
 * could lead anywhere). Never throws for the receiver's behaviour: the result says what happened.
 */
import type { SignedHeaders } from './signing.js'

export interface AttemptResult {
  ok: boolean
  statusCode: number | null
  error: string | null
  durationMs: number
}

const MAX_ERROR_LENGTH = 500

export async function postWebhook(
  url: string,
  body: string,
  headers: SignedHeaders,
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = performance.now()
  const duration = () => Math.round(performance.now() - started)
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'UniService-Webhooks/1' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    // Read (and discard) the answer within the same time limit, so the connection can be reused.
    await response.arrayBuffer()
    const ok = response.status >= 200 && response.status < 300
    return {
      ok,
      statusCode: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: duration(),
    }
  } catch (error) {
    return { ok: false, statusCode: null, error: describe(error, timeoutMs), durationMs: duration() }
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const text = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
  return text.slice(0, MAX_ERROR_LENGTH)
}
