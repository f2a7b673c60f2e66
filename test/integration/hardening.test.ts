/**
 * Hardening (issue 17, part 3): security headers and caching, the error body shape on every kind
 * of error (ours, Fastify's and Node's own), control characters refused in free text and
 * passwords, and demo credentials only while the demo seed is on.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppConfig, defaultConfig } from '../../server/config.js'
import { ErrorBody } from '../../shared/schemas.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { type TestServer, startServerOn, startTestServer } from '../helpers/testServer.js'
import { TEST_SERVER_SETTINGS } from '../helpers/testSettings.js'

let server: TestServer
let clientDir: string
let customer: string
let otherCustomer: string

beforeAll(async () => {
  // A stand-in for the built client: an index page and a content-hashed asset.
  clientDir = mkdtempSync(join(tmpdir(), 'hardening-client-'))
  mkdirSync(join(clientDir, 'assets'))
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(join(clientDir, 'assets', 'main-3f2a9c1d.js'), 'console.log(1)')
  const config = defaultConfig({ ...TEST_SERVER_SETTINGS, SEED_DEMO: false })
  server = await startServerOn(await openTestDatabase(), config, clientDir)
  customer = await server.signIn(server.seed.customerA.email)
  otherCustomer = await server.signIn(server.seed.customerB.email)
})
afterAll(async () => {
  await server?.close()
  if (clientDir) rmSync(clientDir, { recursive: true, force: true })
})

/** The documented error body, with `details` present (not merely allowed). */
function expectErrorBody(body: unknown, code: string): void {
  const parsed = ErrorBody.parse(body)
  expect(parsed.code).toBe(code)
  expect(parsed.message.length).toBeGreaterThan(0)
  expect(body).toHaveProperty('details')
  expect(parsed.details).not.toBeUndefined()
}

/** A raw request, so that odd bodies and content types reach the wire unchanged. */
async function raw(method: string, path: string, body?: string, contentType = 'application/json') {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${customer}`,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body,
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

describe('security headers', () => {
  it('sends nosniff, no framing, no referrer and a same-origin CSP on the API, and no-store', async () => {
    for (const res of [
      await server.api(customer).get('/api/slots'),
      await server.api().get('/api/bookings'),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('caches content-hashed assets for a year, revalidates the app page, and protects both', async () => {
    const asset = await fetch(`${server.url}/assets/main-3f2a9c1d.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff')
    const page = await fetch(`${server.url}/some/client/route`)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(page.headers.get('x-frame-options')).toBe('DENY')
  })

  it('protects the API docs too', async () => {
    const docs = await fetch(`${server.url}/docs/static/index.html`)
    expect(docs.status).toBe(200)
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('every error has code, message and details', () => {
  it('401 without a session, 403 on another customer’s booking, 404 for unknown routes and rows', async () => {
    const booked = await server.api(customer).post('/api/bookings', { slotId: server.seed.slots.five.id })
    expect(booked.status).toBe(201)
    const anonymous = await server.api().get('/api/bookings')
    expect(anonymous.status).toBe(401)
    expectErrorBody(anonymous.body, 'UNAUTHENTICATED')
    const wrongPassword = await server.api().post('/api/session', {
      email: server.seed.customerA.email,
      password: 'not the password',
    })
    expect(wrongPassword.status).toBe(401)
    expectErrorBody(wrongPassword.body, 'INVALID_CREDENTIALS')
    const forbidden = await server.api(otherCustomer).get(`/api/bookings/${booked.body.id}`)
    expect(forbidden.status).toBe(403)
    expectErrorBody(forbidden.body, 'FORBIDDEN')
    const noRoute = await server.api(customer).get('/api/no-such-thing')
    expect(noRoute.status).toBe(404)
    expectErrorBody(noRoute.body, 'NOT_FOUND')
    const noRow = await server.api(customer).get(`/api/bookings/${randomUUID()}`)
    expect(noRow.status).toBe(404)
    expectErrorBody(noRow.body, 'BOOKING_NOT_FOUND')
  })

  it('Fastify’s own: bad JSON (400), unsupported media type (415), body too large (413)', async () => {
    const badJson = await raw('POST', '/api/bookings', '{"slotId": ')
    expect(badJson.status).toBe(400)
    expectErrorBody(badJson.body, 'VALIDATION_FAILED')
    const text = await raw('POST', '/api/bookings', '<slotId/>', 'application/xml')
    expect(text.status).toBe(415)
    expectErrorBody(text.body, 'VALIDATION_FAILED')
    const huge = await raw('POST', '/api/bookings', JSON.stringify({ notes: 'x'.repeat(2 * 1024 * 1024) }))
    expect(huge.status).toBe(413)
    expectErrorBody(huge.body, 'VALIDATION_FAILED')
    for (const res of [badJson, text, huge]) expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('a 20,000-character checkpoint reaches validation (400 in the documented shape, not Node’s 431)', async () => {
    const checkpoint = encodeURIComponent(JSON.stringify({ snapshot: '1'.repeat(20_000) }))
    const res = await raw('GET', `/api/replication/bookings/pull?batchSize=10&checkpoint=${checkpoint}`)
    expect(res.status).toBe(400)
    expectErrorBody(res.body, 'VALIDATION_FAILED')
  })

  it('431 in the documented shape when the request line and headers exceed what the server accepts', async () => {
    const res = await new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>(
      (resolve, reject) => {
        const url = new URL(server.url)
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: `/api/slots?from=${'x'.repeat(200_000)}`,
            method: 'GET',
          },
          (response) => {
            let body = ''
            response.on('data', (chunk) => {
              body += chunk
            })
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
            )
          },
        )
        request.on('error', reject)
        request.end()
      },
    )
    expect(res.status).toBe(431)
    expect(res.headers['content-type']).toContain('application/json')
    expectErrorBody(JSON.parse(res.body), 'VALIDATION_FAILED')
    expect(JSON.parse(res.body).details).toEqual({ limitBytes: expect.any(Number) })
  })
})

describe('control characters', () => {
  const bookingCount = async () =>
    (await server.api(otherCustomer).get('/api/bookings')).body.length as number

  it('refuses a password with a trailing NUL (it must not sign in) or any other control character', async () => {
    const { email, password } = server.seed.customerB
    for (const bad of [`${password}\u0000`, `\u0000${password}`, `${password}\u0007`, `${password}\n`]) {
      const res = await server.api().post('/api/session', { email, password: bad })
      expect(res.status).toBe(400)
      expectErrorBody(res.body, 'VALIDATION_FAILED')
      expect(JSON.stringify(res.body.details)).toContain('password')
    }
    expect((await server.api().post('/api/session', { email, password })).status).toBe(201)
  })

  it('refuses NUL and other control characters in booking notes with a 400 and stores nothing', async () => {
    const before = await bookingCount()
    for (const notes of ['hi\u0000', 'bell\u0007', 'esc\u001b[31m', 'c1\u0085', 'del\u007f']) {
      const res = await server
        .api(otherCustomer)
        .post('/api/bookings', { slotId: server.seed.slots.five.id, notes })
      expect(res.status).toBe(400)
      expectErrorBody(res.body, 'VALIDATION_FAILED')
    }
    expect(await bookingCount()).toBe(before)
    // A text area's line breaks and tabs are text, not control.
    const ok = await server
      .api(otherCustomer)
      .post('/api/bookings', { slotId: server.seed.slots.five.id, notes: 'line one\nline two\tend' })
    expect(ok.status).toBe(201)
    expect(await bookingCount()).toBe(before + 1)
  })
})

describe('demo credentials', () => {
  it('are not served while the demo seed is off (404), and are served while it is on', async () => {
    const off = await server.api().get('/api/demo-credentials')
    expect(off.status).toBe(404)
    expectErrorBody(off.body, 'NOT_FOUND')
    const demo = await startTestServer({ SEED_DEMO: true })
    try {
      const on = await demo.api().get('/api/demo-credentials')
      expect(on.status).toBe(200)
      expect(on.body).toEqual({ accounts: expect.any(Array) })
    } finally {
      await demo.close()
    }
  })

  it('the demo seed is off by default in production and on for npm start', () => {
    expect(AppConfig.parse({}).SEED_DEMO).toBe(true)
    expect(AppConfig.parse({ NODE_ENV: 'production' }).SEED_DEMO).toBe(false)
  })
})

describe('password hashing cost', () => {
  it('defaults to OWASP’s N = 2^17 and accepts a lower cost only for tests', () => {
    expect(AppConfig.parse({}).PASSWORD_HASH_COST).toBe(17)
    expect(AppConfig.safeParse({ PASSWORD_HASH_COST: '14' }).success).toBe(false)
    expect(AppConfig.safeParse({ PASSWORD_HASH_COST: '14', NODE_ENV: 'production' }).success).toBe(false)
    expect(AppConfig.safeParse({ PASSWORD_HASH_COST: '14', NODE_ENV: 'test' }).success).toBe(true)
  })
})
