/**
 * Invariant 7 as a matrix: every role × every action × own / other's resource, over HTTP. A refused
 * request must also change nothing (booking and slot rows compared before and after).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

type Who = 'anonymous' | 'ownerCustomer' | 'otherCustomer' | 'ownerProvider' | 'otherProvider'

interface Resources {
  slotId: string
  emptySlotId: string
  bookingId: string
}

interface Case {
  action: string
  request: (r: Resources, s: TestServer) => { method: string; path: string; body?: unknown }
  expected: Record<Who, number>
  /** the refusal's code where the status alone does not say it */
  codes?: Partial<Record<Who, string>>
}

const deny = {
  anonymous: 401,
  ownerCustomer: 403,
  otherCustomer: 403,
  ownerProvider: 403,
  otherProvider: 403,
}

const cases: Case[] = [
  {
    action: 'read a booking',
    request: (r) => ({ method: 'GET', path: `/api/bookings/${r.bookingId}` }),
    expected: { ...deny, ownerCustomer: 200, ownerProvider: 200 },
  },
  {
    action: 'cancel a booking',
    request: (r) => ({
      method: 'PATCH',
      path: `/api/bookings/${r.bookingId}`,
      // A provider gives the customer a reason (README, "Cancelling").
      body: { status: 'CANCELLED', reason: 'Ill today.' },
    }),
    expected: { ...deny, ownerCustomer: 200, ownerProvider: 200 },
  },
  {
    action: 'confirm a booking',
    request: (r) => ({
      method: 'PATCH',
      path: `/api/bookings/${r.bookingId}`,
      body: { status: 'CONFIRMED' },
    }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: 'delete a booking',
    request: (r) => ({ method: 'DELETE', path: `/api/bookings/${r.bookingId}` }),
    expected: { ...deny, ownerCustomer: 200, ownerProvider: 200 },
  },
  {
    action: 'book a slot',
    request: (r) => ({
      method: 'POST',
      path: '/api/bookings',
      body: { id: randomUUID(), slotId: r.emptySlotId },
    }),
    expected: { ...deny, ownerCustomer: 201, otherCustomer: 201 },
  },
  {
    // One seat per customer per slot (invariant 12): the owner holds one there already.
    action: 'book a slot the owner holds a seat of',
    request: (r) => ({ method: 'POST', path: '/api/bookings', body: { id: randomUUID(), slotId: r.slotId } }),
    expected: { ...deny, ownerCustomer: 409, otherCustomer: 201 },
    codes: { ownerCustomer: 'ALREADY_BOOKED' },
  },
  {
    action: 'block a slot',
    request: (r) => ({ method: 'PATCH', path: `/api/slots/${r.slotId}`, body: { blocked: true } }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: 'change capacity',
    request: (r) => ({ method: 'PATCH', path: `/api/slots/${r.slotId}`, body: { maxBookings: 7 } }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: 'write a counter directly',
    request: (r) => ({ method: 'PATCH', path: `/api/slots/${r.slotId}`, body: { currentBookings: 0 } }),
    expected: {
      anonymous: 401,
      ownerCustomer: 400,
      otherCustomer: 400,
      ownerProvider: 400,
      otherProvider: 400,
    },
  },
  {
    action: 'delete an empty slot',
    request: (r) => ({ method: 'DELETE', path: `/api/slots/${r.emptySlotId}` }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: "create a slot for the owner's service",
    request: (_r, s) => ({
      method: 'POST',
      path: '/api/slots',
      body: {
        serviceId: s.seed.serviceA.id,
        startTime: new Date(Date.now() + 9 * 86_400_000).toISOString(),
        endTime: new Date(Date.now() + 9 * 86_400_000 + 3_600_000).toISOString(),
        maxBookings: 2,
      },
    }),
    expected: { ...deny, ownerProvider: 201 },
  },
  {
    action: 'read slot stats',
    request: (r) => ({ method: 'GET', path: `/api/slots/${r.slotId}/stats` }),
    expected: {
      anonymous: 401,
      ownerCustomer: 200,
      otherCustomer: 200,
      ownerProvider: 200,
      otherProvider: 200,
    },
  },
  {
    action: "read the owner's provider stats",
    request: (_r, s) => ({ method: 'GET', path: `/api/providers/${s.seed.providerA.id}/stats` }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: "read how the owner's bookings are confirmed",
    request: (_r, s) => ({
      method: 'GET',
      path: `/api/providers/${s.seed.providerA.id}/booking-confirmation`,
    }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: "choose how the owner's bookings are confirmed (the same choice: nothing changes)",
    request: (_r, s) => ({
      method: 'PATCH',
      path: `/api/providers/${s.seed.providerA.id}/booking-confirmation`,
      body: { autoConfirm: false },
    }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: 'reschedule a booking (issue 11)',
    request: (r) => ({
      method: 'POST',
      path: `/api/bookings/${r.bookingId}/reschedule`,
      body: { slotId: r.emptySlotId },
    }),
    expected: { ...deny, ownerCustomer: 200, ownerProvider: 200 },
  },
  {
    action: 'bulk-cancel bookings',
    request: (r) => ({
      method: 'POST',
      path: '/api/bookings/bulk',
      body: { action: 'CANCEL', ids: [r.bookingId], reason: 'matrix' },
    }),
    expected: { ...deny, ownerCustomer: 200, ownerProvider: 200 },
  },
  {
    action: 'bulk-confirm bookings',
    request: (r) => ({
      method: 'POST',
      path: '/api/bookings/bulk',
      body: { action: 'CONFIRM', ids: [r.bookingId] },
    }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: 'bulk-block slots',
    request: (r) => ({ method: 'POST', path: '/api/slots/bulk', body: { action: 'BLOCK', ids: [r.slotId] } }),
    expected: { ...deny, ownerProvider: 200 },
  },
  {
    action: 'cancel a date range (own bookings only)',
    request: () => ({
      method: 'POST',
      path: '/api/bookings/cancel-range',
      body: {
        from: new Date(Date.now() + 300 * 86_400_000).toISOString(),
        to: new Date(Date.now() + 301 * 86_400_000).toISOString(),
        reason: 'matrix',
      },
    }),
    expected: { ...deny, ownerProvider: 200, otherProvider: 200 },
  },
  {
    action: 'read the audit trail',
    request: () => ({ method: 'GET', path: '/api/audit' }),
    expected: { ...deny, ownerProvider: 200, otherProvider: 200 },
  },
]

let server: TestServer
const tokens = new Map<Who, string | undefined>()

beforeAll(async () => {
  server = await startTestServer()
  const { seed } = server
  tokens.set('anonymous', undefined)
  tokens.set('ownerCustomer', await server.signIn(seed.customerA.email))
  tokens.set('otherCustomer', await server.signIn(seed.customerB.email))
  tokens.set('ownerProvider', await server.signIn(seed.providerA.email))
  tokens.set('otherProvider', await server.signIn(seed.providerB.email))
})
afterAll(async () => {
  await server?.close()
})

/** Fresh resources per cell: a slot of providerA with one PENDING booking of customerA, and an empty slot. */
async function freshResources(): Promise<Resources> {
  const slot = await server.seed.createSlot({ maxBookings: 3 })
  const emptySlot = await server.seed.createSlot({ maxBookings: 3 })
  const booked = await server.api(tokens.get('ownerCustomer')).post('/api/bookings', { slotId: slot.id })
  expect(booked.status).toBe(201)
  return { slotId: slot.id, emptySlotId: emptySlot.id, bookingId: booked.body.id }
}

async function snapshot(r: Resources): Promise<unknown> {
  const slots = await server.db.query(
    'SELECT id, max_bookings, current_bookings, blocked, deleted FROM slots WHERE id = ANY($1::uuid[]) ORDER BY id',
    [[r.slotId, r.emptySlotId]],
  )
  const bookings = await server.db.query(
    'SELECT id, slot_id, status, deleted FROM bookings WHERE slot_id = ANY($1::uuid[]) ORDER BY id',
    [[r.slotId, r.emptySlotId]],
  )
  const slotCount = await server.db.query('SELECT count(*)::int AS n FROM slots WHERE provider_id = $1', [
    server.seed.providerA.id,
  ])
  return { slots: slots.rows, bookings: bookings.rows, slotCount: slotCount.rows }
}

const whos: Who[] = ['anonymous', 'ownerCustomer', 'otherCustomer', 'ownerProvider', 'otherProvider']

describe.each(cases)('$action', (c) => {
  it.each(whos)('as %s', async (who) => {
    const resources = await freshResources()
    const before = await snapshot(resources)
    const { method, path, body } = c.request(resources, server)
    const res = await server.api(tokens.get(who)).request(method, path, body)
    expect(res.status, JSON.stringify(res.body)).toBe(c.expected[who])
    if (res.status >= 400) {
      expect(res.body.code).toEqual(c.codes?.[who] ?? expect.any(String))
      expect(await snapshot(resources)).toEqual(before)
    }
  })
})

describe('scoping of lists', () => {
  it("lists only the customer's own bookings and only the provider's own slots' bookings", async () => {
    const { seed } = server
    await server.api(tokens.get('otherCustomer')).post('/api/bookings', { slotId: seed.slots.providerB.id })
    const own = await server.api(tokens.get('ownerCustomer')).get('/api/bookings')
    expect(own.body.length).toBeGreaterThan(0)
    expect(own.body.every((b: { customerId: string }) => b.customerId === seed.customerA.id)).toBe(true)
    const provider = await server.api(tokens.get('otherProvider')).get('/api/bookings')
    expect(provider.body.length).toBeGreaterThan(0)
    expect(provider.body.every((b: { providerId: string }) => b.providerId === seed.providerB.id)).toBe(true)
  })

  it("the audit trail holds only the provider's own slots and bookings", async () => {
    const trail = await server.api(tokens.get('otherProvider')).get('/api/audit?limit=1000')
    expect(trail.status).toBe(200)
    const ownSlots = await server.db.query<{ id: string }>(
      'SELECT id FROM slots WHERE provider_id = $1 UNION SELECT id FROM bookings WHERE provider_id = $1',
      [server.seed.providerB.id],
    )
    const allowed = new Set(ownSlots.rows.map((r) => r.id))
    expect(trail.body.length).toBeGreaterThan(0)
    expect(trail.body.every((e: { entityId: string }) => allowed.has(e.entityId))).toBe(true)
  })
})
