/**
 * Issue 11 over REST (PGlite by default, real PostgreSQL in CI): series outcomes in both modes,
 * reschedule, bulk per-row outcomes, a provider's date-range cancellation reaching every customer,
 * and the bad inputs that must be typed refusals with nothing changed.
 */
import { randomUUID } from 'node:crypto'
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Slot } from '../../shared/schemas.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { type ApiClient, type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'
import { weeklySlots } from '../helpers/weeklySlots.js'

let server: TestServer
const clients = new Map<string, ApiClient>()
let hour = 0
/** Each test's weekly slots at their own hour, so no series ever matches another test's slots. */
const nextStart = () => 2 + ++hour / 24

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

async function as(user: Pick<TestUser, 'email'>): Promise<ApiClient> {
  let client = clients.get(user.email)
  if (!client) {
    client = server.api(await server.signIn(user.email))
    clients.set(user.email, client)
  }
  return client
}

async function book(user: TestUser, slotId: string): Promise<string> {
  const res = await (await as(user)).post('/api/bookings', { slotId })
  expect(res.status).toBe(201)
  return res.body.id
}

async function slotById(id: string): Promise<Slot> {
  return (await (await as(server.seed.customerA)).get(`/api/slots/${id}`)).body
}

async function activeBookingsOf(user: TestUser): Promise<{ id: string; slotId: string; status: string }[]> {
  const res = await (await as(user)).get('/api/bookings')
  return (res.body as { id: string; slotId: string; status: string }[]).filter((b) =>
    ['PENDING', 'CONFIRMED'].includes(b.status),
  )
}

describe('series', () => {
  it('BOOK_WHAT_IS_FREE books every free week and reports the full, blocked and missing ones', async () => {
    const slots = await weeklySlots(server.seed, { weeks: 5, daysFromNow: nextStart() })
    const [, full, blocked, missing] = slots as [Slot, Slot, Slot, Slot, Slot]
    await book(await server.seed.createCustomer(), full.id)
    const provider = await as(server.seed.providerA)
    expect((await provider.patch(`/api/slots/${blocked.id}`, { blocked: true })).status).toBe(200)
    expect((await provider.delete(`/api/slots/${missing.id}`)).status).toBe(200)
    const customer = await server.seed.createCustomer()

    const res = await (await as(customer)).post('/api/bookings/series', {
      firstSlotId: slots[0]?.id,
      weeks: 5,
      mode: 'BOOK_WHAT_IS_FREE',
    })

    expect(res.status).toBe(201)
    expect(res.body.booked).toBe(2)
    expect(res.body.occurrences.map((o: { ok: boolean; code?: string }) => o.code ?? 'BOOKED')).toEqual([
      'BOOKED',
      'SLOT_FULL',
      'SLOT_UNAVAILABLE',
      'SLOT_NOT_FOUND',
      'BOOKED',
    ])
    const held = (await activeBookingsOf(customer)).map((b) => b.slotId).sort()
    expect(held).toEqual([slots[0]?.id, slots[4]?.id].sort())
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('ALL_OR_NOTHING holds no seat when one week is full, and every seat when none is', async () => {
    const slots = await weeklySlots(server.seed, { weeks: 4, daysFromNow: nextStart() })
    const competitor = await server.seed.createCustomer()
    const competitorBooking = await book(competitor, (slots[2] as Slot).id)
    const customer = await server.seed.createCustomer()
    const api = await as(customer)

    const refused = await api.post('/api/bookings/series', {
      firstSlotId: slots[0]?.id,
      weeks: 4,
      mode: 'ALL_OR_NOTHING',
    })
    expect(refused.status).toBe(201)
    expect(refused.body.booked).toBe(0)
    expect(refused.body.occurrences.map((o: { code?: string }) => o.code)).toEqual([
      'ROLLED_BACK',
      'ROLLED_BACK',
      'SLOT_FULL',
      'ROLLED_BACK',
    ])
    expect(await activeBookingsOf(customer)).toEqual([])
    for (const slot of slots)
      expect((await slotById(slot.id)).currentBookings).toBe(slot === slots[2] ? 1 : 0)

    // The competitor gives the seat back: the same series now books all four weeks.
    expect(
      (await (await as(competitor)).patch(`/api/bookings/${competitorBooking}`, { status: 'CANCELLED' }))
        .status,
    ).toBe(200)
    const booked = await api.post('/api/bookings/series', {
      firstSlotId: slots[0]?.id,
      weeks: 4,
      mode: 'ALL_OR_NOTHING',
    })
    expect(booked.body.booked).toBe(4)
    expect((await activeBookingsOf(customer)).length).toBe(4)
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('a replayed series id books nothing twice; "until" ends on the date; the rest of a series cancels', async () => {
    const slots = await weeklySlots(server.seed, { weeks: 4, maxBookings: 3, daysFromNow: nextStart() })
    const customer = await server.seed.createCustomer()
    const api = await as(customer)
    // "until" is a date in the provider's zone (Berlin), not the UTC date of the instant.
    const until = format(
      new TZDate((slots[2] as Slot).startTime, server.seed.providerA.timeZone),
      'yyyy-MM-dd',
    )
    const body = { id: randomUUID(), firstSlotId: slots[0]?.id, until, mode: 'BOOK_WHAT_IS_FREE' }
    const first = await api.post('/api/bookings/series', body)
    const replay = await api.post('/api/bookings/series', body)
    expect(first.body.occurrences.length).toBe(3)
    expect(replay.body).toEqual(first.body)
    expect((await activeBookingsOf(customer)).length).toBe(3)
    expect((await api.get(`/api/bookings/series/${body.id}`)).body).toEqual(first.body)
    expect((await api.get('/api/bookings/series')).body).toContainEqual(first.body)
    expect((await (await as(server.seed.customerB)).get(`/api/bookings/series/${body.id}`)).status).toBe(404)

    const second = first.body.occurrences[1].bookingId
    const rest = await api.post(`/api/bookings/${second}/cancel-rest-of-series`)
    expect(rest.status).toBe(200)
    expect(rest.body.rows).toEqual([
      { id: second, ok: true },
      { id: first.body.occurrences[2].bookingId, ok: true },
    ])
    expect((await activeBookingsOf(customer)).map((b) => b.id)).toEqual([first.body.occurrences[0].bookingId])
    expect(await counterMismatches(server.db)).toEqual([])
  })
})

describe('reschedule', () => {
  it('moves the booking (same id) and hands the old seat to the first waiter', async () => {
    const [from, to] = [await server.seed.createSlot({ maxBookings: 1 }), await server.seed.createSlot()]
    const customer = await server.seed.createCustomer()
    const bookingId = await book(customer, from.id)
    const waiter = await server.seed.createCustomer()
    expect(
      (await (await as(waiter)).post(`/api/slots/${from.id}/waitlist`, { id: randomUUID() })).status,
    ).toBe(201)

    const res = await (await as(customer)).post(`/api/bookings/${bookingId}/reschedule`, { slotId: to.id })

    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: bookingId, slotId: to.id, startTime: to.startTime })
    expect((await activeBookingsOf(waiter)).map((b) => b.slotId)).toEqual([from.id])
    expect((await slotById(from.id)).currentBookings).toBe(1)
    expect((await slotById(to.id)).currentBookings).toBe(1)
    const told = (await (await as(server.seed.providerA)).get('/api/notifications')).body as {
      kind: string
      bookingId: string
    }[]
    expect(told.some((n) => n.kind === 'BOOKING_RESCHEDULED' && n.bookingId === bookingId)).toBe(true)
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('to a full slot: refused, and the booking keeps its old seat', async () => {
    const [from, to] = [await server.seed.createSlot(), await server.seed.createSlot({ maxBookings: 1 })]
    await book(await server.seed.createCustomer(), to.id)
    const customer = await server.seed.createCustomer()
    const bookingId = await book(customer, from.id)

    const res = await (await as(customer)).post(`/api/bookings/${bookingId}/reschedule`, { slotId: to.id })

    expect(res.status).toBe(409)
    expect(res.body.code).toBe('SLOT_FULL')
    expect((await activeBookingsOf(customer)).map((b) => b.slotId)).toEqual([from.id])
    expect((await slotById(from.id)).currentBookings).toBe(1)
  })

  it("to a slot of the provider's other service: refused, the booking keeps its service and seat", async () => {
    const backCare = await server.seed.createService('Back-care group class')
    const from = await server.seed.createSlot()
    const other = await server.seed.createSlot({ service: backCare, maxBookings: 8 })
    const customer = await server.seed.createCustomer()
    const bookingId = await book(customer, from.id)

    const res = await (await as(customer)).post(`/api/bookings/${bookingId}/reschedule`, { slotId: other.id })

    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({
      code: 'RESCHEDULE_OTHER_SERVICE',
      message: 'A booking can only move to another time of the same service.',
    })
    expect((await (await as(customer)).get(`/api/bookings/${bookingId}`)).body).toMatchObject({
      slotId: from.id,
      serviceId: server.seed.serviceA.id,
      startTime: from.startTime,
    })
    expect((await slotById(from.id)).currentBookings).toBe(1)
    expect((await slotById(other.id)).currentBookings).toBe(0)
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('to a slot where the customer already holds a booking: refused, for the customer and the provider alike', async () => {
    const [held, from] = [await server.seed.createSlot({ maxBookings: 8 }), await server.seed.createSlot()]
    const customer = await server.seed.createCustomer()
    const heldId = await book(customer, held.id)
    const bookingId = await book(customer, from.id)

    for (const actor of [customer, server.seed.providerA]) {
      const res = await (await as(actor)).post(`/api/bookings/${bookingId}/reschedule`, { slotId: held.id })
      expect(res.status).toBe(409)
      expect(res.body).toMatchObject({
        code: 'RESCHEDULE_ALREADY_BOOKED',
        message: 'A booking can only move to a slot where its customer holds no other booking.',
        details: { slotId: held.id, bookingId: heldId },
      })
    }

    const active = await activeBookingsOf(customer)
    expect(active.map((b) => [b.id, b.slotId]).sort()).toEqual(
      [
        [heldId, held.id],
        [bookingId, from.id],
      ].sort(),
    )
    expect((await slotById(held.id)).currentBookings).toBe(1)
    expect((await slotById(from.id)).currentBookings).toBe(1)
    expect(await counterMismatches(server.db)).toEqual([])
  })
})

describe('bulk', () => {
  it('a provider confirms and declines several requests: one outcome per row, in request order', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 5 })
    const customers = [await server.seed.createCustomer(), await server.seed.createCustomer()]
    const ids = [await book(customers[0] as TestUser, slot.id), await book(customers[1] as TestUser, slot.id)]
    const provider = await as(server.seed.providerA)
    expect((await provider.patch(`/api/bookings/${ids[1]}`, { status: 'CONFIRMED' })).status).toBe(200)

    const declined = await provider.post('/api/bookings/bulk', {
      action: 'DECLINE',
      ids,
      reason: 'Fully booked week',
    })

    expect(declined.status).toBe(200)
    expect(declined.body).toEqual({
      applied: 1,
      rows: [
        { id: ids[0], ok: true },
        {
          id: ids[1],
          ok: false,
          code: 'INVALID_TRANSITION',
          message: 'Only a pending request can be declined.',
        },
      ],
    })
    const told = (await (await as(customers[0] as TestUser)).get('/api/notifications')).body as {
      kind: string
      reason: string
    }[]
    expect(told).toContainEqual(
      expect.objectContaining({ kind: 'BOOKING_DECLINED', reason: 'Fully booked week' }),
    )
  })

  it('ALL_OR_NOTHING: one refused row rolls every row back and the answer says so', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 5 })
    const customer = await server.seed.createCustomer()
    const api = await as(customer)
    const cancelled = await book(customer, slot.id)
    expect((await api.patch(`/api/bookings/${cancelled}`, { status: 'CANCELLED' })).status).toBe(200)
    // A cancelled booking holds no seat (invariant 12), so the customer may book the slot again.
    const ids = [await book(customer, slot.id), cancelled]
    const provider = await as(server.seed.providerA)

    const res = await provider.post('/api/bookings/bulk', {
      action: 'CONFIRM',
      ids,
      atomicity: 'ALL_OR_NOTHING',
    })

    expect(res.body.applied).toBe(0)
    expect(res.body.rows.map((r: { code: string }) => r.code)).toEqual(['ROLLED_BACK', 'INVALID_TRANSITION'])
    expect((await api.get(`/api/bookings/${ids[0]}`)).body.status).toBe('PENDING')
  })

  it('a provider cancels a date range with one reason that reaches every customer', async () => {
    const start = Date.now() + 20 * 86_400_000
    const inRange = [
      await server.seed.createSlot({ startTime: new Date(start).toISOString(), maxBookings: 2 }),
      await server.seed.createSlot({ startTime: new Date(start + 3_600_000).toISOString() }),
    ]
    const outside = await server.seed.createSlot({
      startTime: new Date(start + 2 * 86_400_000).toISOString(),
    })
    const customers = [await server.seed.createCustomer(), await server.seed.createCustomer()]
    const cancelled = [
      await book(customers[0] as TestUser, (inRange[0] as Slot).id),
      await book(customers[1] as TestUser, (inRange[0] as Slot).id),
      await book(customers[1] as TestUser, (inRange[1] as Slot).id),
    ]
    const kept = await book(customers[0] as TestUser, outside.id)

    const res = await (await as(server.seed.providerA)).post('/api/bookings/cancel-range', {
      from: new Date(start - 60_000).toISOString(),
      to: new Date(start + 86_400_000).toISOString(),
      reason: 'Provider ill',
    })

    expect(res.status).toBe(200)
    expect(res.body.applied).toBe(3)
    expect(res.body.rows.map((r: { id: string }) => r.id).sort()).toEqual([...cancelled].sort())
    for (const customer of customers) {
      const told = (await (await as(customer)).get('/api/notifications')).body as {
        kind: string
        reason: string
      }[]
      expect(
        // providerA's bookings are PENDING requests, so their cancellation reads as declined.
        told.filter((n) => n.kind === 'BOOKING_DECLINED' && n.reason === 'Provider ill').length,
      ).toBe(customer === customers[0] ? 1 : 2)
    }
    expect((await activeBookingsOf(customers[0] as TestUser)).map((b) => b.id)).toEqual([kept])
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('blocks and unblocks several slots with a row each', async () => {
    const slots = [await server.seed.createSlot(), await server.seed.createSlot()]
    const ids = slots.map((s) => s.id)
    const provider = await as(server.seed.providerA)
    const blocked = await provider.post('/api/slots/bulk', { action: 'BLOCK', ids })
    expect(blocked.body).toEqual({ applied: 2, rows: ids.map((id) => ({ id, ok: true })) })
    expect((await slotById(ids[0] as string)).blocked).toBe(true)
    await provider.post('/api/slots/bulk', { action: 'UNBLOCK', ids })
    expect((await slotById(ids[1] as string)).blocked).toBe(false)
  })
})

describe('bad input: typed refusals, nothing changed', () => {
  it('a series of 0 or 53 weeks, or until a date more than 52 weeks away', async () => {
    const slot = await server.seed.createSlot()
    const api = await as(server.seed.customerC)
    for (const weeks of [0, 53]) {
      const res = await api.post('/api/bookings/series', {
        firstSlotId: slot.id,
        weeks,
        mode: 'ALL_OR_NOTHING',
      })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('VALIDATION_FAILED')
    }
    const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10)
    const res = await api.post('/api/bookings/series', {
      firstSlotId: slot.id,
      until: far,
      mode: 'BOOK_WHAT_IS_FREE',
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { max: 52 } })
    expect((await slotById(slot.id)).currentBookings).toBe(0)
  })

  it("a reschedule to the same slot or to another provider's slot", async () => {
    const customer = await server.seed.createCustomer()
    const from = await server.seed.createSlot()
    const bookingId = await book(customer, from.id)
    const api = await as(customer)
    const same = await api.post(`/api/bookings/${bookingId}/reschedule`, { slotId: from.id })
    expect([same.status, same.body.code]).toEqual([409, 'RESCHEDULE_SAME_SLOT'])
    const other = await api.post(`/api/bookings/${bookingId}/reschedule`, {
      slotId: server.seed.slots.providerB.id,
    })
    expect([other.status, other.body.code]).toEqual([409, 'RESCHEDULE_OTHER_PROVIDER'])
    const stranger = await (await as(server.seed.customerB)).post(`/api/bookings/${bookingId}/reschedule`, {
      slotId: (await server.seed.createSlot()).id,
    })
    expect([stranger.status, stranger.body.code]).toEqual([403, 'FORBIDDEN'])
    expect((await api.get(`/api/bookings/${bookingId}`)).body.slotId).toBe(from.id)
  })

  it("a bulk request of 501 ids, or naming another user's booking", async () => {
    const api = await as(server.seed.customerC)
    const tooMany = await api.post('/api/bookings/bulk', {
      action: 'CANCEL',
      ids: Array.from({ length: 501 }, () => randomUUID()),
    })
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED'])

    const slot = await server.seed.createSlot({ maxBookings: 3 })
    const mine = await book(server.seed.customerC, slot.id)
    const theirs = await book(server.seed.customerB, slot.id)
    const res = await api.post('/api/bookings/bulk', { action: 'CANCEL', ids: [mine, theirs] })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: { ids: [theirs] } })
    expect((await api.get(`/api/bookings/${mine}`)).body.status).toBe('PENDING')
    expect((await slotById(slot.id)).currentBookings).toBe(2)

    const confirm = await api.post('/api/bookings/bulk', { action: 'CONFIRM', ids: [mine] })
    expect([confirm.status, confirm.body.code]).toEqual([403, 'FORBIDDEN'])
    const otherSlots = await (await as(server.seed.providerB)).post('/api/slots/bulk', {
      action: 'BLOCK',
      ids: [slot.id],
    })
    expect([otherSlots.status, otherSlots.body.code]).toEqual([403, 'FORBIDDEN'])
    expect((await slotById(slot.id)).blocked).toBe(false)
  })
})
