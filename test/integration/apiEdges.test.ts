/**
 * The API's edges an API tester found: router errors (bad percent-encoding, an over-long path
 * parameter) in the documented shape with the security headers, text/plain bodies refused with
 * 415, distinct codes for 413/415/431, the statuses every operation can answer in the OpenAPI
 * document, repeated query parameters named, and unknown body fields refused on the organisation,
 * invitation and member routes.
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { limitClass } from '../../server/http/rateLimits.js'
import { MAX_REQUEST_BODY_BYTES } from '../../shared/replication.js'
import { ErrorBody } from '../../shared/schemas.js'
import { addOrganisation } from '../helpers/organisations.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let customer: string

beforeAll(async () => {
  server = await startTestServer()
  customer = await server.signIn(server.seed.customerA.email)
})
afterAll(async () => {
  await server?.close()
})

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: unknown
}

/** A request over node:http, so that the path reaches the server byte for byte (no URL normalising). */
function rawRequest(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method,
        headers: { authorization: `Bearer ${customer}`, ...options.headers },
      },
      (response) => {
        let text = ''
        response.on('data', (chunk) => {
          text += chunk
        })
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) }),
        )
      },
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

function expectDocumentedError(res: RawAnswer, status: number, code: string): void {
  expect(res.status).toBe(status)
  expect(res.body).toEqual({ code, message: expect.any(String), details: expect.anything() })
  expect(ErrorBody.parse(res.body).message.length).toBeGreaterThan(0)
}

function expectSecurityHeaders(res: RawAnswer): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff')
  expect(res.headers['x-frame-options']).toBe('DENY')
  expect(res.headers['referrer-policy']).toBe('no-referrer')
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(res.headers['cache-control']).toBe('no-store')
}

describe('router errors', () => {
  it('answers a path that is not validly percent-encoded with 400 VALIDATION_FAILED and the usual headers', async () => {
    for (const path of ['/api/bookings/%E0%A4%A', '/api/health/%E0%A4%A', '/%E0%A4%A']) {
      const res = await rawRequest('GET', path)
      expectDocumentedError(res, 400, 'VALIDATION_FAILED')
      expectSecurityHeaders(res)
    }
  })

  it('answers a path parameter over 100 characters like any malformed id: 400 VALIDATION_FAILED', async () => {
    const long = 'a'.repeat(101)
    const res = await rawRequest('GET', `/api/bookings/${long}`)
    expectDocumentedError(res, 400, 'VALIDATION_FAILED')
    expect(res.body).toMatchObject({ details: { maxParamLength: 100 } })
    expectSecurityHeaders(res)
    // No parametric route there: plain 404s in the same shape, with the same headers.
    for (const path of [`/api/health/${long}`, `/${long}`]) {
      const other = await rawRequest('GET', path)
      expectDocumentedError(other, 404, 'NOT_FOUND')
      expectSecurityHeaders(other)
    }
  })
})

describe('request bodies', () => {
  const book = (body: string, contentType: string) =>
    rawRequest('POST', '/api/bookings', { body, headers: { 'content-type': contentType } })

  it('refuses a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE naming application/json', async () => {
    const res = await book(JSON.stringify({ slotId: server.seed.slots.five.id }), 'text/plain')
    expectDocumentedError(res, 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect(res.body).toMatchObject({ details: { accepted: ['application/json'] } })
    expect((res.body as ErrorBody).message).toContain('application/json')
    expectSecurityHeaders(res)
  })

  it('gives 413 and 415 codes of their own, the 413 with details.limitBytes', async () => {
    expectDocumentedError(await book('<slotId/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE')
    const huge = await book(JSON.stringify({ notes: 'x'.repeat(MAX_REQUEST_BODY_BYTES) }), 'application/json')
    expectDocumentedError(huge, 413, 'PAYLOAD_TOO_LARGE')
    expect(huge.body).toMatchObject({ details: { limitBytes: MAX_REQUEST_BODY_BYTES } })
    expectSecurityHeaders(huge)
  })
})

describe('query parameters', () => {
  it('names a parameter given twice, on every route', async () => {
    const api = server.api(customer)
    const repeated: [string, string][] = [
      ['/api/slots?limit=1&limit=2', 'limit'],
      ['/api/bookings?status=PENDING&status=CONFIRMED', 'status'],
    ]
    for (const [path, name] of repeated) {
      const res = await api.get(path)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('VALIDATION_FAILED')
      expect(res.body.message).toBe(`${name}: give this parameter once`)
      expect(res.body.details).toEqual([expect.objectContaining({ path: ['querystring', name] })])
    }
    expect((await api.get('/api/slots?limit=2')).status).toBe(200)
  })
})

describe('unknown body fields', () => {
  it('are refused when creating an organisation, inviting, and changing a member’s role', async () => {
    const org = await addOrganisation(server.db, 'Edges')
    await addMembership(server.db, org.id, org.seed.customerC.id, 'admin')
    const admin = server.api(await server.signIn(org.seed.customerC.email), org.id)
    const typo = await admin.post('/api/organisations', { name: 'Edges', slug: 'edges-two', colour: 'red' })
    expect(typo.status).toBe(400)
    expect(typo.body.code).toBe('VALIDATION_FAILED')
    expect(typo.body.message).toContain('colour')
    const invitation = await admin.post('/api/organisation/invitations', { role: 'provider', validdays: 30 })
    expect(invitation.status).toBe(400)
    expect(invitation.body.message).toContain('validdays')
    const member = await admin.patch(`/api/organisation/members/${org.seed.customerB.id}`, {
      role: 'admin',
      note: 'x',
    })
    expect(member.status).toBe(400)
    expect(member.body.message).toContain('note')
  })

  it('are refused when creating a slot or a weekly pattern and when moving a booking, and nothing is made', async () => {
    const { seed } = server
    const provider = server.api(await server.signIn(seed.providerA.email))
    const start = new Date(Date.now() + 30 * 86_400_000)
    start.setUTCMinutes(0, 0, 0)
    const slot = {
      serviceId: seed.serviceA.id,
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 3_600_000).toISOString(),
      maxBookings: 2,
    }
    const count = async () => Number((await server.db.query('SELECT count(*) AS n FROM slots')).rows[0]?.n)
    const before = await count()
    const blocked = await provider.post('/api/slots', { ...slot, blocked: true })
    expect(blocked.status).toBe(400)
    expect(blocked.body.code).toBe('VALIDATION_FAILED')
    expect(blocked.body.message).toContain('blocked')
    const day = start.toISOString().slice(0, 10)
    const pattern = {
      serviceId: seed.serviceA.id,
      fromDate: day,
      toDate: day,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
    }
    const weekly = await provider.post('/api/slots/recurring', {
      ...pattern,
      startTimes: ['09:00'],
      durationMinutes: 60,
      maxBookings: 2,
      blocked: true,
    })
    expect(weekly.status).toBe(400)
    expect(weekly.body.message).toContain('blocked')
    expect(await count()).toBe(before)
    const made = await provider.post('/api/slots', slot)
    expect(made.status).toBe(201)
    const from = await seed.createSlot({ maxBookings: 2 })
    const booked = await server.api(customer).post('/api/bookings', { slotId: from.id })
    expect(booked.status).toBe(201)
    const move = await server
      .api(customer)
      .post(`/api/bookings/${booked.body.id}/reschedule`, {
        slotId: made.body.id,
        customerId: seed.customerB.id,
      })
    expect(move.status).toBe(400)
    expect(move.body.message).toContain('customerId')
    expect((await server.api(customer).get(`/api/bookings/${booked.body.id}`)).body.slotId).toBe(from.id)
  })
})

describe('the OpenAPI document', () => {
  it('lists 429 on every rate-limited operation, 400/401/403 on every authenticated one, 413/415 with a body', async () => {
    const docs = (await server.api().get('/docs/json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>
    }
    let authenticated = 0
    for (const [path, operations] of Object.entries(docs.paths)) {
      if (!path.startsWith('/api/')) continue
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`
        const statuses = Object.keys(operation.responses)
        if (limitClass(method.toUpperCase(), path) !== null) expect(statuses, where).toContain('429')
        if (operation.requestBody) expect(statuses, where).toEqual(expect.arrayContaining(['413', '415']))
        // Authenticated: refused without a session (before anything runs).
        const url = path.replace(/\{[^}]+\}/g, randomUUID())
        const anonymous = await fetch(server.url + url, { method: method.toUpperCase() })
        if (anonymous.status === 401) {
          authenticated++
          expect(statuses, where).toEqual(expect.arrayContaining(['400', '401', '403']))
        }
      }
    }
    expect(authenticated).toBeGreaterThan(20)
    expect(Object.keys(docs.paths['/api/session']?.post?.responses ?? {})).toContain('429')
  })

  it('documents what the routes answer for X-Organisation-Id (400 not an id, 403 not a member)', async () => {
    const notAnId = await server.api(customer, 'not-a-uuid').get('/api/bookings')
    expect(notAnId.status).toBe(400)
    expect(notAnId.body.code).toBe('VALIDATION_FAILED')
    const notAMember = await server.api(customer, randomUUID()).get('/api/bookings')
    expect(notAMember.status).toBe(403)
    expect(notAMember.body.details).toMatchObject({ reason: 'NOT_A_MEMBER' })
  })
})
