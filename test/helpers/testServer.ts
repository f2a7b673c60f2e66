/**
 * A real server on a loopback port over a fresh test database (PGlite, or a new database on the
 * DATABASE_URL server), with fixtures. Integration tests (REST, replication, e2e, torture) use it.
 */
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.js'
import { ORGANISATION_HEADER } from '../../shared/organisations.js'
import { defaultConfig, type AppConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { type TestDatabase, openTestDatabase } from './testDatabase.js'
import { createFixtures, type TestFixtures } from './testFixtures.js'
import { TEST_SERVER_SETTINGS } from './testSettings.js'

export { FIXTURE_PASSWORD, type NewTestSlot, type TestFixtures, type TestUser } from './testFixtures.js'

// biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
export type JsonBody = any

export interface ApiResponse<T = JsonBody> {
  status: number
  body: T
  headers: Headers
}

export interface ApiClient {
  request<T = JsonBody>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>
  get<T = JsonBody>(path: string): Promise<ApiResponse<T>>
  post<T = JsonBody>(path: string, body?: unknown): Promise<ApiResponse<T>>
  patch<T = JsonBody>(path: string, body?: unknown): Promise<ApiResponse<T>>
  delete<T = JsonBody>(path: string): Promise<ApiResponse<T>>
}

export interface TestServer {
  app: FastifyInstance
  db: Database
  /** http://127.0.0.1:<port> */
  url: string
  /** Connection string of the test database (undefined on PGlite). */
  databaseUrl: string | undefined
  seed: TestFixtures
  /**
   * The server's configuration, the object its routes read: a setting read at each request (such as
   * SLOT_HORIZON_DAYS) may be changed by a test while the server runs.
   */
  config: AppConfig
  /** Signs in over HTTP; returns the bearer token. */
  signIn(email: string, password?: string): Promise<string>
  /** fetch against the server with an optional bearer token (and organisation header); JSON in and out. */
  api(token?: string, organisationId?: string): ApiClient
  close(): Promise<void>
}

export interface TestServerOptions {
  /** buildApp's logger (false by default), e.g. requestLogOptions('info', stream) to read the log. */
  logger?: boolean | object
}

export async function startTestServer(
  configOverrides: Partial<AppConfig> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const database = await openTestDatabase()
  const config = defaultConfig({ SEED_DEMO: false, ...TEST_SERVER_SETTINGS, ...configOverrides })
  return startServerOn(database, config, '/nonexistent', options)
}

/**
 * Builds the app over an open test database, listens on a loopback port and adds the fixtures.
 * Closing the server drops the database. The e2e server shares it, serving the built client.
 */
export async function startServerOn(
  database: TestDatabase,
  config: AppConfig,
  clientDir: string,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const app = await buildApp({ db: database.db, config, logger: options.logger ?? false, clientDir })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
  const url = `http://127.0.0.1:${address.port}`
  const seed = await createFixtures(database.db)
  const api = (token?: string, organisationId?: string) => apiClient(url, token, organisationId)
  return {
    app,
    db: database.db,
    url,
    databaseUrl: database.url,
    seed,
    config,
    api,
    async signIn(email, password = seed.password) {
      const res = await api().post<{ token: string }>('/api/session', { email, password })
      if (res.status !== 201)
        throw new Error(`sign-in failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`)
      return res.body.token
    },
    async close() {
      const stillClosing = await closeWithin(app, CLOSE_GRACE_MS)
      // Dropping the database (WITH FORCE) also ends any query the close may be waiting on.
      await database.dispose()
      await stillClosing
    },
  }
}

/** How long a test server may take to close before its connections are cut. */
const CLOSE_GRACE_MS = 10_000

/**
 * Closes the app; if it has not closed within `graceMs`, says what was still open and cuts every
 * connection, so one stuck connection cannot turn a passing file into a 60 s hook timeout. (Known
 * causes are fixed and tested in streamShutdown.test.ts; this warning is how any other would show.)
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<Promise<void> | undefined> {
  const closing = app.close()
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs)
  })
  if ((await Promise.race([closing, late])) === 'late') {
    app.server.getConnections((_error, count) => {
      console.warn(`test server still open after ${graceMs} ms with ${count} connection(s): cutting them`)
    })
    app.server.closeAllConnections()
    return closing
  }
  clearTimeout(timer)
  return undefined
}

export function apiClient(baseUrl: string, token?: string, organisationId?: string): ApiClient {
  const request = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (organisationId) headers[ORGANISATION_HEADER] = organisationId
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON (e.g. the docs page): keep the text
    }
    return { status: res.status, body: parsed as JsonBody, headers: res.headers }
  }
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: (path) => request('DELETE', path),
  }
}
