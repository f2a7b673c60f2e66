/**
 * Sibling routes refuse alike: every /api/bookings/:id route answers an unknown booking 404
 * BOOKING_NOT_FOUND and another user's 403, as GET /api/bookings/:id does (cancel-rest-of-series
 * answered 200 with nothing applied, calendar.ics 404 for another's); a provider's stats refuse an
 * inverted range 400 as insights do, instead of answering zeros.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let customerA: ApiClient
let customerB: ApiClient
let providerA: ApiClient
let bookingOfA: string

beforeAll(async () => {
  server = await startTestServer()
  customerA = server.api(await server.signIn(server.seed.customerA.email))
  customerB = server.api(await server.signIn(server.seed.customerB.email))
  providerA = server.api(await server.signIn(server.seed.providerA.email))
  const booked = await customerA.post('/api/bookings', { slotId: server.seed.slots.five.id })
  expect(booked.status).toBe(201)
  bookingOfA = booked.body.id
})
afterAll(async () => {
  await server?.close()
})

describe("an unknown or another user's booking", () => {
  it('cancel-rest-of-series answers as GET /api/bookings/:id does', async () => {
    for (const id of [randomUUID(), bookingOfA]) {
      const read = await customerB.get(`/api/bookings/${id}`)
      const rest = await customerB.post(`/api/bookings/${id}/cancel-rest-of-series`)
      expect([rest.status, rest.body.code]).toEqual([read.status, read.body.code])
    }
    expect((await customerB.post(`/api/bookings/${randomUUID()}/cancel-rest-of-series`)).status).toBe(404)
    const { rows } = await server.db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [
      bookingOfA,
    ])
    expect(rows[0]?.status).toBe('PENDING')
  })

  it('calendar.ics answers as GET /api/bookings/:id does', async () => {
    for (const id of [randomUUID(), bookingOfA]) {
      const read = await customerB.get(`/api/bookings/${id}`)
      const ics = await customerB.get(`/api/bookings/${id}/calendar.ics`)
      expect([ics.status, ics.body.code]).toEqual([read.status, read.body.code])
    }
    expect((await customerA.get(`/api/bookings/${bookingOfA}/calendar.ics`)).status).toBe(200)
  })
})

describe("a provider's stats", () => {
  it('refuse an inverted range 400, naming to, as insights do', async () => {
    const id = server.seed.providerA.id
    const from = new Date(Date.now() + 10 * 86_400_000).toISOString()
    const to = new Date(Date.now() + 86_400_000).toISOString()
    const stats = await providerA.get(
      `/api/providers/${id}/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    )
    expect([stats.status, stats.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(stats.body.message).toMatch(/to must not be before from/)
    const ordered = await providerA.get(
      `/api/providers/${id}/stats?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
    )
    expect(ordered.status).toBe(200)
  })
})
