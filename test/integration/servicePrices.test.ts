/**
 * Services with prices: only the owning provider creates and changes them, an unknown currency is a
 * 400, and a booking keeps the price it was made at when the service's price changes later.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let providerA: ApiClient
let providerB: ApiClient
let customer: ApiClient
beforeAll(async () => {
  server = await startTestServer()
  providerA = server.api(await server.signIn(server.seed.providerA.email))
  providerB = server.api(await server.signIn(server.seed.providerB.email))
  customer = server.api(await server.signIn(server.seed.customerA.email))
})
afterAll(async () => {
  await server?.close()
})

const massage = {
  name: 'Massage',
  description: 'Forty-five quiet minutes',
  durationMinutes: 45,
  defaultCapacity: 2,
  priceMinor: 4550,
  currency: 'EUR',
}

async function recordedPrice(bookingId: string) {
  const { rows } = await server.db.query<{ price_minor: string | number; currency: string }>(
    'SELECT price_minor, currency FROM bookings WHERE id = $1',
    [bookingId],
  )
  return { priceMinor: Number(rows[0]?.price_minor), currency: rows[0]?.currency }
}

describe('services with prices', () => {
  it('a provider creates a service and sees it in the list with its price and defaults', async () => {
    const created = await providerA.post('/api/services', massage)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ ...massage, providerId: server.seed.providerA.id })
    const listed = await providerA.get(`/api/services?providerId=${server.seed.providerA.id}`)
    expect(listed.body).toContainEqual(created.body)
  })

  it.each([
    ['an unknown currency', { currency: 'EUX' }],
    ['a lower-case currency', { currency: 'eur' }],
    ['a withdrawn currency', { currency: 'HRK' }],
    ['a negative price', { priceMinor: -1 }],
    ['a fractional price', { priceMinor: 12.5 }],
    ['a zero capacity', { defaultCapacity: 0 }],
    ['an unknown field', { colour: 'red' }],
  ])('refuses %s with a typed 400 and writes nothing', async (_case, change) => {
    const before = await server.db.query('SELECT count(*)::int AS n FROM services')
    const res = await providerA.post('/api/services', { ...massage, ...change })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(Array.isArray(res.body.details)).toBe(true)
    expect(await server.db.query('SELECT count(*)::int AS n FROM services')).toMatchObject({
      rows: before.rows,
    })
  })

  it('a customer may not create a service; another provider may not change one (403)', async () => {
    const byCustomer = await customer.post('/api/services', massage)
    expect(byCustomer.status).toBe(403)
    expect(byCustomer.body.code).toBe('FORBIDDEN')

    const byOther = await providerB.patch(`/api/services/${server.seed.serviceA.id}`, { priceMinor: 1 })
    expect(byOther.status).toBe(403)
    expect(byOther.body.code).toBe('FORBIDDEN')
    const unchanged = await providerA.get(`/api/services?providerId=${server.seed.providerA.id}`)
    expect(unchanged.body.find((s: { id: string }) => s.id === server.seed.serviceA.id).priceMinor).toBe(0)
  })

  it('changing an unknown service is a 404, an empty change a 400', async () => {
    expect((await providerA.patch(`/api/services/${randomUUID()}`, { priceMinor: 1 })).status).toBe(404)
    const empty = await providerA.patch(`/api/services/${server.seed.serviceA.id}`, {})
    expect(empty.status).toBe(400)
    const badCurrency = await providerA.patch(`/api/services/${server.seed.serviceA.id}`, { currency: 'XYZ' })
    expect(badCurrency.status).toBe(400)
  })

  it('a booking keeps the price it was made at; later bookings get the new price', async () => {
    const service = (await providerA.post('/api/services', { ...massage, name: 'Sauna' })).body
    const start = new Date(Date.now() + 3 * 86_400_000)
    const slot = await providerA.post('/api/slots', {
      serviceId: service.id,
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 45 * 60_000).toISOString(),
      maxBookings: 3,
    })
    expect(slot.status).toBe(201)
    const first = await customer.post('/api/bookings', { id: randomUUID(), slotId: slot.body.id })
    expect(first.status).toBe(201)
    expect(await recordedPrice(first.body.id)).toEqual({ priceMinor: 4550, currency: 'EUR' })

    const changed = await providerA.patch(`/api/services/${service.id}`, {
      priceMinor: 9900,
      currency: 'CHF',
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({
      name: 'Sauna',
      priceMinor: 9900,
      currency: 'CHF',
      durationMinutes: 45,
    })

    // The old booking changes status (an UPDATE of its row) and still keeps its price.
    expect((await providerA.patch(`/api/bookings/${first.body.id}`, { status: 'CONFIRMED' })).status).toBe(
      200,
    )
    expect(await recordedPrice(first.body.id)).toEqual({ priceMinor: 4550, currency: 'EUR' })
    const other = server.api(await server.signIn(server.seed.customerB.email))
    const second = await other.post('/api/bookings', { id: randomUUID(), slotId: slot.body.id })
    expect(await recordedPrice(second.body.id)).toEqual({ priceMinor: 9900, currency: 'CHF' })
  })
})
