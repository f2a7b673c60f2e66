/**
 * The device's HTTP calls to the server (JSON in and out, bearer token). Error bodies come back as
 * the shared DomainError so callers branch on `code`; a network failure stays a TypeError (offline).
 */
import { DomainError, ErrorCode } from '../../shared/errors.js'
import { ErrorBody } from '../../shared/schemas.js'

export type FetchFunction = typeof fetch

export interface ServerApiOptions {
  /** '' in the browser (same origin); http://127.0.0.1:port for headless devices. */
  baseUrl: string
  token?: string
  fetch?: FetchFunction
  /** Called when the server answers 401: the session expired or was revoked. */
  onUnauthorized?: () => void
}

export interface ServerApi {
  get<T>(path: string): Promise<T>
  post<T>(path: string, body: unknown): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  delete<T>(path: string): Promise<T>
}

export function serverApi(options: ServerApiOptions): ServerApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {}
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await doFetch(options.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (response.status === 401 && options.token) options.onUnauthorized?.()
    const text = await response.text()
    const parsed: unknown = text ? JSON.parse(text) : undefined
    if (!response.ok) throw errorFromBody(response.status, parsed)
    return parsed as T
  }
  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: (path) => request('DELETE', path),
  }
}

function errorFromBody(status: number, body: unknown): DomainError {
  const parsed = ErrorBody.safeParse(body)
  if (parsed.success) return new DomainError(parsed.data.code, parsed.data.message, parsed.data.details)
  return new DomainError(ErrorCode.INTERNAL, `The server answered ${status}.`)
}

/** True for failures where retrying later may succeed (offline, server down, rate limited), not for refusals. */
export function isTransientFailure(error: unknown): boolean {
  return (
    !(error instanceof DomainError) ||
    error.code === ErrorCode.INTERNAL ||
    error.code === ErrorCode.RATE_LIMITED
  )
}
