/** Route behaviour via app.inject: validation, error mapping, sessions, idempotency, docs. */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorBody } from '../../shared/schemas.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let app: FastifyInstance
let customer: string
let otherCustomer: string
let provider: string

beforeAll(async () => {
  server = await startTestServer()
  app = server.app
  customer = await server.signIn(server.seed.customerA.email)
  otherCustomer = await server.signIn(server.seed.customerB.email)
  provider = await server.signIn(server.seed.providerA.email)
})
afterAll(async () => {
  await server?.close()
})

const auth = (token: string) => ({ authorization: `Bearer ${token}` })

async function inject(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  token?: string,
  payload?: Record<string, unknown>,
) {
  const res = await app.inject({
    method,
    url,
    headers: token ? auth(token) : {},
    ...(payload === undefined ? {} : { payload }),
  } as InjectOptions)
  return { status: res.statusCode, body: res.body ? res.json() : undefined }
}

describe('validation and error mapping', () => {
  it('answers a zod failure with 400 VALIDATION_FAILED, the issues as details, and a readable message', async () => {
    const res = await inject('POST', '/api/bookings', customer, { slotId: 'not-a-uuid', notes: 5 })
    expect(res.status).toBe(400)
    expect(ErrorBody.parse(res.body).code).toBe('VALIDATION_FAILED')
    expect(res.body.message).toContain('slotId')
    const paths = (res.body.details as { path: string[] }[]).map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['body.slotId', 'body.notes']))
  })

  it('rejects a bad id in the path and bad query values with 400', async () => {
    expect((await inject('PATCH', '/api/bookings/xyz', customer, { status: 'CANCELLED' })).status).toBe(400)
    expect((await inject('GET', '/api/slots?from=yesterday', customer)).status).toBe(400)
    expect((await inject('GET', '/api/slots?limit=0', customer)).status).toBe(400)
  })

  it('answers a wrong content type and an empty JSON body with 4xx, never 500', async () => {
    const text = await app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(customer), 'content-type': 'application/xml' },
      payload: '<booking/>',
    })
    expect(text.statusCode).toBe(415)
    expect(text.json().code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const empty = await app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(customer), 'content-type': 'application/json' },
    })
    expect(empty.statusCode).toBe(400)
  })

  it('answers unknown ids with 404 and unknown routes with 404 NOT_FOUND', async () => {
    expect((await inject('GET', `/api/slots/${randomUUID()}`, customer)).body.code).toBe('SLOT_NOT_FOUND')
    expect(
      (await inject('PATCH', `/api/bookings/${randomUUID()}`, customer, { status: 'CANCELLED' })).status,
    ).toBe(404)
    const unknown = await inject('GET', '/api/nothing-here', customer)
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } })
  })

  it('maps the availability refusals to 409 with their codes', async () => {
    const past = await server.seed.createSlot({ startTime: new Date(Date.now() - 60_000).toISOString() })
    expect((await inject('POST', '/api/bookings', customer, { slotId: past.id })).body.code).toBe(
      'SLOT_IN_PAST',
    )
    const slot = await server.seed.createSlot({ maxBookings: 2 })
    const booked = await inject('POST', '/api/bookings', customer, { slotId: slot.id })
    await inject('POST', '/api/bookings', otherCustomer, { slotId: slot.id })
    const shrink = await inject('PATCH', `/api/slots/${slot.id}`, provider, { maxBookings: 1 })
    expect(shrink).toMatchObject({ status: 409, body: { code: 'CAPACITY_BELOW_BOOKINGS' } })
    const complete = await inject('PATCH', `/api/bookings/${booked.body.id}`, provider, {
      status: 'COMPLETED',
    })
    expect(complete).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } })
    const del = await inject('DELETE', `/api/slots/${slot.id}`, provider)
    expect(del).toMatchObject({ status: 409, body: { code: 'SLOT_HAS_ACTIVE_BOOKINGS' } })
  })
})

describe('idempotent booking creation', () => {
  it('a replayed POST returns the same booking and the counter moves once', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 3 })
    const id = randomUUID()
    const first = await inject('POST', '/api/bookings', customer, { id, slotId: slot.id })
    const again = await inject('POST', '/api/bookings', customer, { id, slotId: slot.id })
    expect(again.body).toEqual(first.body)
    expect((await inject('GET', `/api/slots/${slot.id}`, customer)).body.currentBookings).toBe(1)
    const stolen = await inject('POST', '/api/bookings', otherCustomer, { id, slotId: slot.id })
    expect(stolen).toMatchObject({ status: 409, body: { code: 'BOOKING_ID_TAKEN' } })
  })
})

describe('sessions', () => {
  it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
    const res = await inject('POST', '/api/session', undefined, {
      email: server.seed.customerA.email,
      password: 'nope',
    })
    expect(res).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } })
    const unknown = await inject('POST', '/api/session', undefined, {
      email: 'who@nowhere.test',
      password: 'x',
    })
    expect(unknown.status).toBe(401)
  })

  it('stores only a hash of the token, with an expiry', async () => {
    const token = await server.signIn(server.seed.customerC.email)
    const { rows } = await server.db.query<{ token_hash: string; expires_at: Date }>(
      'SELECT token_hash, expires_at FROM sessions WHERE user_id = $1',
      [server.seed.customerC.id],
    )
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => r.token_hash === token)).toBe(false)
    expect(rows.every((r) => new Date(r.expires_at).getTime() > Date.now())).toBe(true)
  })

  it('takes the session from the Authorization header only (never a URL), and signing out ends it', async () => {
    const token = await server.signIn(server.seed.customerC.email)
    expect((await inject('GET', `/api/session?access_token=${token}`)).status).toBe(401)
    expect((await inject('GET', '/api/session', token)).body.email).toBe(server.seed.customerC.email)
    expect((await inject('DELETE', '/api/session', token)).status).toBe(204)
    expect((await inject('GET', '/api/slots', token)).status).toBe(401)
  })

  it('refuses an expired session', async () => {
    const token = await server.signIn(server.seed.customerC.email)
    await server.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      server.seed.customerC.id,
    ])
    expect((await inject('GET', '/api/bookings', token)).status).toBe(401)
  })
})

describe('listing and docs', () => {
  it('filters slots by provider, service and date range', async () => {
    const { seed } = server
    const res = await inject('GET', `/api/slots?providerId=${seed.providerB.id}`, customer)
    expect(res.body.length).toBeGreaterThan(0)
    expect(res.body.every((s: { providerId: string }) => s.providerId === seed.providerB.id)).toBe(true)
    const from = seed.slots.five.startTime
    const to = new Date(Date.parse(from) + 1000).toISOString()
    const window = await inject(
      'GET',
      `/api/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      customer,
    )
    expect(window.body.map((s: { id: string }) => s.id)).toEqual([seed.slots.five.id])
  })

  it('creates a weekly pattern over REST', async () => {
    const res = await inject('POST', '/api/slots/recurring', provider, {
      serviceId: server.seed.serviceA.id,
      fromDate: '2030-01-07',
      toDate: '2030-01-13',
      weekdays: [1, 2, 3],
      startTimes: ['08:00'],
      durationMinutes: 30,
      maxBookings: 2,
    })
    expect(res.status).toBe(201)
    expect(res.body.created).toBe(3)
  })

  it("answers a pattern's skipped times with why: one the clocks skip, ones overlapping each other", async () => {
    // Sunday 31 March 2030 in Berlin (providerA's zone): 02:00 jumps to 03:00.
    const res = await inject('POST', '/api/slots/recurring', provider, {
      serviceId: server.seed.serviceA.id,
      fromDate: '2030-03-31',
      toDate: '2030-03-31',
      weekdays: [7],
      startTimes: ['02:30', '09:00', '09:30'],
      durationMinutes: 60,
      maxBookings: 1,
    })
    expect(res.status).toBe(201)
    expect(res.body.created).toBe(1)
    expect(res.body.skipped).toEqual([
      {
        startTime: '2030-03-31T01:30:00.000Z',
        endTime: '2030-03-31T02:30:00.000Z',
        reason: 'SLOT_TIME_NONEXISTENT',
        nonexistentTime: '02:30',
      },
      {
        startTime: '2030-03-31T07:30:00.000Z',
        endTime: '2030-03-31T08:30:00.000Z',
        reason: 'SLOT_OVERLAPS_PATTERN',
      },
    ])
  })

  it('serves the OpenAPI document and the docs page without a token', async () => {
    const spec = await inject('GET', '/docs/json')
    expect(spec.status).toBe(200)
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/bookings',
        '/api/bookings/{id}',
        '/api/slots',
        '/api/providers/{id}/stats',
      ]),
    )
    const booking =
      spec.body.paths['/api/bookings/{id}'].get.responses['200'].content['application/json'].schema
    expect(booking.properties.customerName).toMatchObject({ type: 'string', readOnly: true })
    // Writes are rate limited per user: the 429 is documented with the error shape.
    expect(spec.body.paths['/api/bookings'].post.responses['429']).toBeDefined()
    const page = await app.inject({ method: 'GET', url: '/docs' })
    expect([200, 302]).toContain(page.statusCode)
  })

  it('hides demo credentials when the demo seed is off', async () => {
    expect(await inject('GET', '/api/demo-credentials')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', details: {} },
    })
  })
})
