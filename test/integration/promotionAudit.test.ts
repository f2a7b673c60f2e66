/**
 * A seat the waitlist gives is the system's doing: its audit entry is `booking.promoted` with no
 * actor (it was `booking.created` by the promoted customer, who did nothing then), while receivers
 * still get booking.created and waitlist.promoted. And the change that freed the seat comes first,
 * in the trail and in the webhook events' sequence: a receiver tracking a 1-seat slot's occupancy
 * never sees two active bookings on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Slot } from '../../shared/schemas.js'
import { type ApiClient, type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let provider: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  provider = server.api(await server.signIn(server.seed.providerA.email))
  const endpoint = await provider.post('/api/webhooks', {
    url: 'http://127.0.0.1:9/promotion-order',
    events: [
      'booking.created',
      'booking.cancelled',
      'booking.deleted',
      'booking.rescheduled',
      'waitlist.promoted',
      'slot.changed',
    ],
  })
  expect(endpoint.status).toBe(201)
})
afterAll(async () => {
  await server?.close()
})

const as = async (user: Pick<TestUser, 'email'>): Promise<ApiClient> =>
  server.api(await server.signIn(user.email))

/** A 1-seat slot, its holder's booking and a customer waiting for the seat. */
async function slotWithWaiter(): Promise<{
  slot: Slot
  holder: ApiClient
  bookingId: string
  waiter: TestUser
}> {
  const slot = await server.seed.createSlot({ maxBookings: 1 })
  const holder = await as(await server.seed.createCustomer('holder'))
  const booked = await holder.post('/api/bookings', { slotId: slot.id })
  expect(booked.status).toBe(201)
  const waiter = await server.seed.createCustomer('waiter')
  expect((await (await as(waiter)).post(`/api/slots/${slot.id}/waitlist`, {})).status).toBe(201)
  return { slot, holder, bookingId: booked.body.id, waiter }
}

/** The promoted booking: the waiter's only booking on the slot. */
async function promotedBooking(waiter: TestUser, slotId: string): Promise<string> {
  const mine = await (await as(waiter)).get(`/api/bookings?slotId=${slotId}`)
  expect(mine.body).toHaveLength(1)
  return mine.body[0].id
}

/** The slot's booking entries after its first booking's creation, in the order they were written. */
async function auditAfterBooking(bookingIds: string[]) {
  const { rows } = await server.db.query<{ action: string; actor_id: string | null; entity_id: string }>(
    `SELECT action, actor_id, entity_id FROM audit_log
     WHERE entity_type = 'booking' AND entity_id = ANY($1) AND action <> 'booking.created' ORDER BY id`,
    [bookingIds],
  )
  return rows
}

/** The webhook events of the bookings after the first booking's creation, in sequence order. */
async function eventsAfterBooking(bookingIds: string[], firstEventId: number) {
  const { rows } = await server.db.query<{ type: string; entity_id: string }>(
    'SELECT type, entity_id FROM webhook_events WHERE entity_id = ANY($1) AND id > $2 ORDER BY id',
    [bookingIds, firstEventId],
  )
  return rows.map((r) => [r.type, r.entity_id])
}

async function lastEventId(): Promise<number> {
  const { rows } = await server.db.query<{ id: string | null }>(
    'SELECT max(id)::text AS id FROM webhook_events',
  )
  return Number(rows[0]?.id ?? 0)
}

describe.each([
  [
    'cancelled',
    'booking.cancelled',
    (holder: ApiClient, id: string) => holder.patch(`/api/bookings/${id}`, { status: 'CANCELLED' }),
  ],
  ['deleted', 'booking.deleted', (holder: ApiClient, id: string) => holder.delete(`/api/bookings/${id}`)],
  [
    'moved to another slot',
    'booking.rescheduled',
    async (holder: ApiClient, id: string) =>
      holder.post(`/api/bookings/${id}/reschedule`, { slotId: (await server.seed.createSlot({})).id }),
  ],
] as const)('a seat freed by a booking %s and given to the waiter', (_how, freeingAction, free) => {
  it('is audited as the system giving it, after the change that freed it; events in the same order', async () => {
    const { slot, holder, bookingId, waiter } = await slotWithWaiter()
    const since = await lastEventId()
    expect((await free(holder, bookingId)).status).toBe(200)
    const promoted = await promotedBooking(waiter, slot.id)

    expect(await auditAfterBooking([bookingId, promoted])).toEqual([
      expect.objectContaining({ action: freeingAction, entity_id: bookingId }),
      { action: 'booking.promoted', actor_id: null, entity_id: promoted },
    ])
    // Receivers' events are unchanged, but the freeing one comes first.
    expect(await eventsAfterBooking([bookingId, promoted], since)).toEqual([
      [freeingAction, bookingId],
      ['booking.created', promoted],
      ['waitlist.promoted', promoted],
    ])
  })
})

it("the organisation's trail gives the promotion no actor (the page words it: auditDescription.ts)", async () => {
  const { slot, holder, bookingId, waiter } = await slotWithWaiter()
  expect((await holder.patch(`/api/bookings/${bookingId}`, { status: 'CANCELLED' })).status).toBe(200)
  const promoted = await promotedBooking(waiter, slot.id)
  const admin = await as(server.seed.providerA)
  const trail = await admin.get(`/api/audit?entityId=${promoted}`)
  expect(trail.status).toBe(200)
  expect(trail.body).toEqual([
    expect.objectContaining({ action: 'booking.promoted', actorId: null, entityId: promoted }),
  ])
})

it('a raised capacity is audited (slot.updated, and its slot.changed event) before the seat it opens is given', async () => {
  const { slot, waiter } = await slotWithWaiter()
  const since = await lastEventId()
  const raised = await provider.patch(`/api/slots/${slot.id}`, { maxBookings: 2 })
  expect(raised.status).toBe(200)
  // The answer is the slot as it ends: the new seat already given.
  expect(raised.body).toMatchObject({ maxBookings: 2, currentBookings: 2, isBooked: true })
  const promoted = await promotedBooking(waiter, slot.id)

  const { rows: trail } = await server.db.query<{ action: string; entity_id: string; current: number }>(
    `SELECT action, entity_id, (after->>'currentBookings')::int AS current FROM audit_log
     WHERE entity_id = ANY($1) AND action IN ('slot.updated', 'booking.promoted') ORDER BY id`,
    [[slot.id, promoted]],
  )
  // The slot's entry shows the change itself (one seat held of two); the promotion follows it.
  expect(trail).toEqual([
    { action: 'slot.updated', entity_id: slot.id, current: 1 },
    expect.objectContaining({ action: 'booking.promoted', entity_id: promoted }),
  ])
  expect(await eventsAfterBooking([slot.id, promoted], since)).toEqual([
    ['slot.changed', slot.id],
    ['booking.created', promoted],
    ['waitlist.promoted', promoted],
  ])
})
