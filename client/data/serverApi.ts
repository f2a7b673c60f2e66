/**
 * The device's HTTP calls to the server (JSON in and out, bearer token). Error bodies come back as
 * the shared DomainError so callers branch on `code`; a network failure stays a TypeError (offline).
 */
import { DomainError, ErrorCode } from '../../shared/errors.js'
import { isNotAMember } from '../../shared/membershipRefusal.js'
import { ORGANISATION_HEADER } from '../../shared/organisations.js'
import { ErrorBody } from '../../shared/schemas.js'
import { validationWords } from './validationWords.js'

export type FetchFunction = typeof fetch

export interface ServerApiOptions {
  /** '' in the browser (same origin); http://127.0.0.1:port for headless devices. */
  baseUrl: string
  token?: string
  /** Sent as X-Organisation-Id: the organisation every request works in. */
  organisationId?: string
  fetch?: FetchFunction
  /** Called when the server answers 401: the session expired or was revoked. */
  onUnauthorized?: () => void
  /**
   * Called when the server answers that the user is no member of the organisation named (403
   * NOT_A_MEMBER, shared/membershipRefusal.ts): removed from it meanwhile.
   */
  onNotAMember?: () => void
}

export interface ServerApi {
  get<T>(path: string): Promise<T>
  /** A GET whose answer's headers matter too (e.g. how many more pages there are). */
  getWithHeaders<T>(path: string): Promise<{ body: T; headers: Headers }>
  /** A GET whose answer is not JSON (e.g. an .ics file); errors still come back as DomainError. */
  getText(path: string): Promise<string>
  post<T>(path: string, body: unknown): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  delete<T>(path: string): Promise<T>
}

export function serverApi(options: ServerApiOptions): ServerApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {}
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (options.organisationId) headers[ORGANISATION_HEADER] = options.organisationId
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await doFetch(options.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (response.status === 401 && options.token) options.onUnauthorized?.()
    if (!response.ok) {
      const text = await response.text()
      const error = errorFromBody(response.status, parseJson(text))
      if (isNotAMember(error)) options.onNotAMember?.()
      throw error
    }
    return response
  }
  async function json<T>(response: Response): Promise<T> {
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return json<T>(await send(method, path, body))
  }
  return {
    get: (path) => request('GET', path),
    getWithHeaders: async <T>(path: string) => {
      const response = await send('GET', path)
      return { body: await json<T>(response), headers: response.headers }
    },
    getText: async (path) => (await send('GET', path)).text(),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: (path) => request('DELETE', path),
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

function errorFromBody(status: number, body: unknown): DomainError {
  const parsed = ErrorBody.safeParse(body)
  if (!parsed.success) return new DomainError(ErrorCode.INTERNAL, `The server answered ${status}.`)
  const { code, message, details } = parsed.data
  // A form shows the message: a validation error's issues in words, not zod's paths (validationWords.ts).
  const words = code === ErrorCode.VALIDATION_FAILED ? validationWords(details) : null
  return new DomainError(code, words ?? message, details)
}

/**
 * What a screen that reads the server says when it could not: the server's refusal in its words, or
 * "<what> need a connection." when no answer came (offline, the server unreachable). Not "need a
 * connection" after a refusal: a browser walk read "to must not be before from. Insights need a
 * connection." while online.
 */
export function failureText(error: unknown, what: string): string {
  if (error instanceof DomainError && error.code !== ErrorCode.INTERNAL) return error.message
  return error instanceof DomainError
    ? `${error.message} ${what} need a connection.`
    : `${what} need a connection.`
}

/** True for failures where retrying later may succeed (offline, server down, rate limited), not for refusals. */
export function isTransientFailure(error: unknown): boolean {
  return (
    !(error instanceof DomainError) ||
    error.code === ErrorCode.INTERNAL ||
    error.code === ErrorCode.RATE_LIMITED ||
    error.code === ErrorCode.UNAVAILABLE
  )
}
