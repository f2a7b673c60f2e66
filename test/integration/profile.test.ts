/**
 * A user's profile (issue 14): a customer chooses the zone they read times in, a provider sets the
 * business zone, anyone sets a phone; bad input is a typed 400 that changes nothing. The provider of a
 * booking (and nobody else) reads the customer's contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let providerA: ApiClient
let providerB: ApiClient
let customerA: ApiClient
let customerB: ApiClient
beforeAll(async () => {
  server = await startTestServer()
  providerA = server.api(await server.signIn(server.seed.providerA.email))
  providerB = server.api(await server.signIn(server.seed.providerB.email))
  customerA = server.api(await server.signIn(server.seed.customerA.email))
  customerB = server.api(await server.signIn(server.seed.customerB.email))
})
afterAll(async () => {
  await server?.close()
})

async function userRow(id: string) {
  const { rows } = await server.db.query(
    'SELECT name, phone, time_zone, display_time_zone FROM users WHERE id = $1',
    [id],
  )
  return rows[0]
}

describe('profile', () => {
  it('a customer sets a phone and the zone they read times in; the session shows both', async () => {
    const res = await customerA.patch('/api/profile', {
      phone: '+49 30 1234567',
      displayTimeZone: 'Asia/Tokyo',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ phone: '+49 30 1234567', displayTimeZone: 'Asia/Tokyo' })
    const me = await customerA.get('/api/session')
    expect(me.body).toMatchObject({ phone: '+49 30 1234567', displayTimeZone: 'Asia/Tokyo' })
    // null goes back to the device's zone
    const cleared = await customerA.patch('/api/profile', { displayTimeZone: null })
    expect(cleared.body).toMatchObject({ displayTimeZone: null, phone: '+49 30 1234567' })
  })

  it('a provider sets the business zone', async () => {
    const res = await providerB.patch('/api/profile', { timeZone: 'America/Chicago', name: 'Dr. B' })
    expect(res.status).toBe(200)
    expect(await userRow(server.seed.providerB.id)).toMatchObject({
      time_zone: 'America/Chicago',
      name: 'Dr. B',
    })
  })

  it.each([
    ['an unknown zone', 'customerB', { displayTimeZone: 'Mars/Olympus_Mons' }],
    ['a phone with letters', 'customerB', { phone: 'call me maybe' }],
    ['a name with NUL', 'customerB', { name: 'Eve\u0000' }],
    ['an empty name', 'customerB', { name: '  ' }],
    ['an unknown field', 'customerB', { role: 'provider' }],
    ["a customer setting a provider's business zone", 'customerB', { timeZone: 'Europe/Paris' }],
    ['a provider setting a display zone', 'providerA', { displayTimeZone: 'Europe/Paris' }],
  ])('refuses %s with a typed 400 and changes nothing', async (_case, who, body) => {
    const client = who === 'providerA' ? providerA : customerB
    const id = who === 'providerA' ? server.seed.providerA.id : server.seed.customerB.id
    const before = await userRow(id)
    const res = await client.patch('/api/profile', body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      details: expect.any(Object),
    })
    expect(await userRow(id)).toEqual(before)
  })

  it('answers 401 without a session', async () => {
    expect((await server.api().patch('/api/profile', { phone: '123 456' })).status).toBe(401)
  })
})

describe("a booking's customer contact", () => {
  it('the provider of the booking reads it; another provider and the customers do not', async () => {
    await customerB.patch('/api/profile', { phone: '+1 212 555 0100' })
    const booked = await customerB.post<{ id: string }>('/api/bookings', {
      slotId: server.seed.slots.five.id,
    })
    expect(booked.status).toBe(201)
    const path = `/api/bookings/${booked.body.id}/contact`
    const contact = await providerA.get(path)
    expect(contact.status).toBe(200)
    expect(contact.body).toEqual({
      name: server.seed.customerB.name,
      email: server.seed.customerB.email,
      phone: '+1 212 555 0100',
    })
    expect((await providerB.get(path)).status).toBe(403)
    expect((await customerA.get(path)).status).toBe(403)
    expect((await customerB.get(path)).status).toBe(403)
    expect((await providerA.get('/api/bookings/00000000-0000-4000-8000-000000000000/contact')).status).toBe(
      404,
    )
  })
})
