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
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { BookingPushRow } from '../../shared/replication.js'
import { ErrorBody, hasControlCharacter } from '../../shared/schemas.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { type ApiClient, type TestServer, startServerOn, startTestServer } from '../helpers/testServer.js'
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
    expectErrorBody(text.body, 'UNSUPPORTED_MEDIA_TYPE')
    const huge = await raw('POST', '/api/bookings', JSON.stringify({ notes: 'x'.repeat(2 * 1024 * 1024) }))
    expect(huge.status).toBe(413)
    expectErrorBody(huge.body, 'PAYLOAD_TOO_LARGE')
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
    expectErrorBody(JSON.parse(res.body), 'HEADERS_TOO_LARGE')
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

/**
 * Every free-text field a request carries (README, "Rate limits and hardening"), each probed with the
 * same control characters; a single-line field also refuses a line break and a tab, a multi-line one
 * (a text area: notes, descriptions, reasons) keeps them, as booking notes do.
 */
describe('control characters in every free-text field', () => {
  const CONTROLS = ['nul\u0000', 'bell\u0007', 'esc\u001b[31m', 'c1\u0085', 'del\u007f']
  const LINE_BREAKS = ['line one\nline two', 'tab\tend']
  /** Tables a refused request must leave exactly as they were (sessions change with every request). */
  const TABLES = [
    'users',
    'organisations',
    'memberships',
    'invitations',
    'services',
    'slots',
    'bookings',
    'booking_series',
    'webhook_endpoints',
    'webhook_events',
    'notifications',
    'audit_log',
  ]
  const stored = async () => {
    const digests: Record<string, string> = {}
    for (const table of TABLES) {
      const { rows } = await server.db.query<{ digest: string }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
      )
      digests[table] = rows[0]?.digest ?? ''
    }
    return digests
  }

  let admin: ApiClient
  let provider: ApiClient
  let invitation: string
  /** A second link, so that a sign-up refused for its name cannot have used the one for the password. */
  let passwordInvitation: string
  let serviceId: string
  let webhookId: string
  let booking: { id: string; slotId: string; startTime: string }

  beforeAll(async () => {
    const adminUser = await server.seed.createCustomer('admin')
    await addMembership(server.db, DEFAULT_ORGANISATION_ID, adminUser.id, 'admin')
    admin = server.api(await server.signIn(adminUser.email))
    provider = server.api(await server.signIn(server.seed.providerA.email))
    invitation = (await admin.post('/api/organisation/invitations', { role: 'customer' })).body.token
    passwordInvitation = (await admin.post('/api/organisation/invitations', { role: 'customer' })).body.token
    const service = await provider.post('/api/services', {
      name: 'Massage',
      durationMinutes: 60,
      priceMinor: 4500,
      currency: 'EUR',
    })
    expect(service.status).toBe(201)
    serviceId = service.body.id
    // An event these tests never raise: no delivery changes the endpoint's state meanwhile.
    const webhook = await provider.post('/api/webhooks', {
      url: 'https://example.com/hook',
      events: ['waitlist.promoted'],
    })
    expect(webhook.status).toBe(201)
    webhookId = webhook.body.id
    const slot = await server.seed.createSlot({ hoursFromNow: 24 * 40, maxBookings: 3 })
    const booked = await server.api(otherCustomer).post('/api/bookings', { slotId: slot.id })
    expect([booked.status, booked.body.status]).toEqual([201, 'PENDING'])
    booking = { id: booked.body.id, slotId: slot.id, startTime: slot.startTime }
  })

  /** Each free-text field: who sends it, where, and the body with `text` in that field. */
  const fields: {
    field: string
    multiLine: boolean
    send: (text: string, n: number) => Promise<{ status: number; body: unknown }>
  }[] = [
    {
      field: 'name',
      multiLine: false,
      send: (name, n) =>
        server.api().post('/api/invitations/accept', {
          token: invitation,
          name,
          email: `invited-${n}@test.example`,
          password: 'a long enough password',
        }),
    },
    {
      field: 'password',
      multiLine: false,
      send: (text, n) =>
        server.api().post('/api/invitations/accept', {
          token: passwordInvitation,
          name: 'Pat Bell',
          email: `invited-${n}@test.example`,
          password: `a long enough password ${text}`,
        }),
    },
    {
      field: 'name',
      multiLine: false,
      send: (name, n) => admin.post('/api/organisations', { name, slug: `control-${n}` }),
    },
    {
      field: 'name',
      multiLine: false,
      send: (name) =>
        provider.post('/api/services', { name, durationMinutes: 60, priceMinor: 0, currency: 'EUR' }),
    },
    {
      field: 'description',
      multiLine: true,
      send: (description) =>
        provider.post('/api/services', {
          name: 'Sauna',
          description,
          durationMinutes: 60,
          priceMinor: 0,
          currency: 'EUR',
        }),
    },
    {
      field: 'name',
      multiLine: false,
      send: (name) => provider.patch(`/api/services/${serviceId}`, { name }),
    },
    {
      field: 'description',
      multiLine: true,
      send: (description) => provider.patch(`/api/services/${serviceId}`, { description }),
    },
    {
      field: 'name',
      multiLine: false,
      send: (name) => server.api(otherCustomer).patch('/api/profile', { name }),
    },
    {
      field: 'url',
      multiLine: false,
      send: (text) =>
        provider.post('/api/webhooks', {
          url: `https://example.com/hook?${text}`,
          events: ['waitlist.promoted'],
        }),
    },
    {
      field: 'url',
      multiLine: false,
      send: (text) =>
        provider.patch(`/api/webhooks/${webhookId}`, { url: `https://example.com/hook?${text}` }),
    },
    {
      field: 'reason',
      multiLine: true,
      send: (reason) => provider.patch(`/api/bookings/${booking.id}`, { status: 'CANCELLED', reason }),
    },
    {
      field: 'reason',
      multiLine: true,
      send: (reason) => provider.post('/api/bookings/bulk', { action: 'DECLINE', ids: [booking.id], reason }),
    },
    {
      field: 'reason',
      multiLine: true,
      send: (reason) =>
        provider.post('/api/bookings/cancel-range', {
          from: new Date(Date.parse(booking.startTime) - 60_000).toISOString(),
          to: new Date(Date.parse(booking.startTime) + 60_000).toISOString(),
          reason,
        }),
    },
    {
      field: 'notes',
      multiLine: true,
      send: (notes) =>
        server.api(otherCustomer).post('/api/bookings/series', {
          firstSlotId: server.seed.slots.pair.id,
          weeks: 1,
          mode: 'BOOK_WHAT_IS_FREE',
          notes,
        }),
    },
  ]

  it('refuses each with a 400 naming the field, in the documented shape, and stores nothing', async () => {
    const before = await stored()
    let n = 0
    const accepted: string[] = []
    for (const { field, multiLine, send } of fields) {
      for (const text of multiLine ? CONTROLS : [...CONTROLS, ...LINE_BREAKS]) {
        const res = await send(text, ++n)
        if (res.status !== 400) {
          accepted.push(
            `#${fields.findIndex((f) => f.send === send)} ${field} ${JSON.stringify(text)}: ${res.status}`,
          )
          continue
        }
        expectErrorBody(res.body, 'VALIDATION_FAILED')
        expect(JSON.stringify((res.body as { details: unknown }).details)).toContain(field)
      }
    }
    expect(accepted).toEqual([])
    expect(await stored()).toEqual(before)
  })

  it('keeps line breaks and tabs in multi-line text (descriptions, reasons), as in booking notes', async () => {
    const described = await provider.patch(`/api/services/${serviceId}`, {
      description: 'line one\nline two\tend',
    })
    expect([described.status, described.body.description]).toEqual([200, 'line one\nline two\tend'])
    const cancelled = await provider.patch(`/api/bookings/${booking.id}`, {
      status: 'CANCELLED',
      reason: 'Closed today.\nSorry!',
    })
    expect([cancelled.status, cancelled.body.statusReason]).toEqual([200, 'Closed today.\nSorry!'])
    // The invitation the refused sign-ups named is still unused.
    const joined = await server.api().post('/api/invitations/accept', {
      token: invitation,
      name: 'Pat Bell',
      email: 'pat-bell@test.example',
      password: 'a long enough password',
    })
    expect(joined.status).toBe(201)
  })

  it('refuses them in a cancel reason pushed by a device, and stores none', async () => {
    for (const [n, statusReason] of CONTROLS.entries()) {
      const slot = await server.seed.createSlot({ hoursFromNow: 24 * 50 + n, maxBookings: 1 })
      const booked = await server.api(otherCustomer).post('/api/bookings', { slotId: slot.id })
      expect(booked.status).toBe(201)
      const pulled = await provider.get('/api/replication/bookings/pull?batchSize=2000')
      const doc = (pulled.body.documents as { id: string }[]).find((d) => d.id === booked.body.id)
      expect(doc).toBeDefined()
      const row = { assumedMasterState: doc, newDocumentState: { ...doc, status: 'CANCELLED', statusReason } }
      const issues = BookingPushRow.safeParse(row).error?.issues ?? []
      expect(issues.map((issue) => issue.path.join('.'))).toEqual(['newDocumentState.statusReason'])
      // The server refuses the text: a 400 naming it, or (server/replication/freeTextRepair.ts) the
      // row applied without it and answered with a refusal naming it. Either way none is stored.
      const pushed = await provider.post('/api/replication/bookings/push', [row])
      expect([200, 400]).toContain(pushed.status)
      if (pushed.status === 400) expectErrorBody(pushed.body, 'VALIDATION_FAILED')
      expect(JSON.stringify(pushed.body)).toMatch(
        /VALIDATION_FAILED.*statusReason|statusReason.*VALIDATION_FAILED/,
      )
      const { rows } = await server.db.query<{ status_reason: string | null }>(
        'SELECT status_reason FROM bookings WHERE id = $1',
        [booked.body.id],
      )
      expect(hasControlCharacter(rows[0]?.status_reason ?? '', '\t\n\r')).toBe(false)
    }
  })

  it('does not lock out a user whose stored name already holds one: other fields still save', async () => {
    const pat = await server.seed.createCustomer('pat')
    await server.db.query('UPDATE users SET name = $1 WHERE id = $2', ['Pat\u0007Bell', pat.id])
    const api = server.api(await server.signIn(pat.email))
    const saved = await api.patch('/api/profile', { phone: '+49 30 1234567', displayTimeZone: 'Asia/Tokyo' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ name: 'Pat\u0007Bell', phone: '+49 30 1234567' })
    // Sending the name is changing it: the new one must be clean.
    expect((await api.patch('/api/profile', { name: 'Pat\u0007Bell' })).status).toBe(400)
    const renamed = await api.patch('/api/profile', { name: 'Pat Bell' })
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Pat Bell'])
  })

  it('still answers a booking whose stored reason already holds one, over REST and replication', async () => {
    const slot = await server.seed.createSlot({ hoursFromNow: 24 * 41, maxBookings: 1 })
    const customerApi = server.api(otherCustomer)
    const booked = await customerApi.post('/api/bookings', { slotId: slot.id })
    expect(booked.status).toBe(201)
    expect((await provider.patch(`/api/bookings/${booked.body.id}`, { status: 'CONFIRMED' })).status).toBe(
      200,
    )
    await server.db.query('UPDATE bookings SET status_reason = $1 WHERE id = $2', [
      'old\u0007reason',
      booked.body.id,
    ])
    const read = await customerApi.get(`/api/bookings/${booked.body.id}`)
    expect([read.status, read.body.statusReason]).toEqual([200, 'old\u0007reason'])
    const pulled = await customerApi.get('/api/replication/bookings/pull?batchSize=2000')
    expect(pulled.status).toBe(200)
    const doc = (pulled.body.documents as { id: string }[]).find((d) => d.id === booked.body.id)
    expect(doc).toMatchObject({ statusReason: 'old\u0007reason' })
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
