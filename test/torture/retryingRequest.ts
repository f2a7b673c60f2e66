/**
 * What a well-behaved client does when it gets no answer (connection refused or reset, a dropped
 * response): send the very same request again, with the same client-generated id, until it gets an
 * HTTP answer. Bounded in attempts; `beforeRetry` lets a test wait for a restarting server.
 */
import type { HttpClient, HttpRequest, HttpResponse } from '../helpers/httpRequest.js'

const MAX_ATTEMPTS = 50
const PAUSE_MS = 50

export interface RetryOptions {
  beforeRetry?: () => Promise<void>
  /** Called on every attempt that got no answer (for counting). */
  onRetry?: () => void
}

export async function requestUntilAnswered(
  client: HttpClient,
  request: HttpRequest,
  options: RetryOptions = {},
): Promise<HttpResponse> {
  let lastError: unknown
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      return await client.request(request)
    } catch (error) {
      lastError = error
      options.onRetry?.()
      await new Promise((r) => setTimeout(r, PAUSE_MS))
      await options.beforeRetry?.()
    }
  }
  throw new Error(
    `${request.method} ${request.path}: no answer after ${MAX_ATTEMPTS} attempts: ${String(lastError)}`,
  )
}
