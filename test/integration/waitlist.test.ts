/**
 * The waitlist through the real server: REST refusals, FIFO promotion at every place a seat frees,
 * the replicated (offline) join, and the notifications written with each event.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMaintenance } from '../../server/jobs/maintenance.js'
import type { Slot } from '../../shared/schemas.js'
import type { WaitlistPushDoc } from '../../shared/waitlist.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { type ApiClient, type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'

let server: TestServer
const clients = new Map<string, ApiClient>()

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

async function fullSlot(maxBookings = 1, provider?: TestUser): Promise<{ slot: Slot; holders: TestUser[] }> {
  const slot = await server.seed.createSlot({ maxBookings, provider })
  const holders: TestUser[] = []
  for (let i = 0; i < maxBookings; i++) {
    const holder = await server.seed.createCustomer('holder')
    const res = await (await as(holder)).post('/api/bookings', { slotId: slot.id })
    expect(res.status).toBe(201)
    holders.push(holder)
  }
  return { slot, holders }
}

async function join(user: TestUser, slotId: string) {
  return (await as(user)).post(`/api/slots/${slotId}/waitlist`, { id: randomUUID() })
}

async function myBookingOn(user: TestUser, slotId: string) {
  const res = await (await as(user)).get(`/api/bookings?slotId=${slotId}`)
  return res.body as { id: string; status: string }[]
}

async function notificationKinds(user: TestUser): Promise<string[]> {
  const res = await (await as(user)).get('/api/notifications')
  return (res.body as { kind: string }[]).map((n) => n.kind)
}

describe('joining over REST', () => {
  it('queues customers of a full slot in join order and shows each their position', async () => {
    const { slot } = await fullSlot(1)
    const waiters = await Promise.all([1, 2, 3].map(() => server.seed.createCustomer('waiter')))
    for (const [i, waiter] of waiters.entries()) {
      const res = await join(waiter, slot.id)
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({ status: 'WAITING', position: i + 1, slotId: slot.id })
    }
    const provider = await as(server.seed.providerA)
    const queue = await provider.get(`/api/waitlist?slotId=${slot.id}`)
    expect(queue.body.map((e: { customerId: string }) => e.customerId)).toEqual(waiters.map((w) => w.id))
  })

  it('refuses a slot that is not full, a past or blocked slot, a second join, another customer and a provider', async () => {
    const customer = await server.seed.createCustomer('refused')
    const free = await server.seed.createSlot({ maxBookings: 2 })
    const before = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM waitlist')

    expect(await join(customer, free.id)).toMatchObject({ status: 409, body: { code: 'SLOT_NOT_FULL' } })

    const past = await server.seed.createSlot({ startTime: new Date(Date.now() - 3_600_000).toISOString() })
    expect(await join(customer, past.id)).toMatchObject({ status: 409, body: { code: 'SLOT_IN_PAST' } })

    const { slot: blocked } = await fullSlot(1)
    await (await as(server.seed.providerA)).patch(`/api/slots/${blocked.id}`, { blocked: true })
    expect(await join(customer, blocked.id)).toMatchObject({
      status: 409,
      body: { code: 'SLOT_UNAVAILABLE' },
    })

    const { slot, holders } = await fullSlot(1)
    expect((await join(customer, slot.id)).status).toBe(201)
    expect(await join(customer, slot.id)).toMatchObject({ status: 409, body: { code: 'ALREADY_WAITING' } })
    const holder = holders[0] as TestUser
    expect(await join(holder, slot.id)).toMatchObject({ status: 409, body: { code: 'ALREADY_BOOKED' } })

    const forOther = await (await as(customer)).post(`/api/slots/${slot.id}/waitlist`, {
      customerId: server.seed.customerB.id,
    })
    expect(forOther).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } })
    const byProvider = await (await as(server.seed.providerA)).post(`/api/slots/${slot.id}/waitlist`, {})
    expect(byProvider.status).toBe(403)
    expect(await join(customer, randomUUID())).toMatchObject({
      status: 404,
      body: { code: 'SLOT_NOT_FOUND' },
    })
    const bad = await (await as(customer)).post(`/api/slots/${slot.id}/waitlist`, { id: 'nope' })
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } })

    const after = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM waitlist')
    // only the one accepted join left a row
    expect(after.rows[0]?.n).toBe((before.rows[0]?.n ?? 0) + 1)
  })

  it('a replayed join (same id) returns the same entry', async () => {
    const { slot } = await fullSlot(1)
    const customer = await server.seed.createCustomer('replay')
    const id = randomUUID()
    const api = await as(customer)
    const first = await api.post(`/api/slots/${slot.id}/waitlist`, { id })
    const again = await api.post(`/api/slots/${slot.id}/waitlist`, { id })
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
  })
})

describe('promotion when a seat frees', () => {
  it('a cancellation books the first waiter in the same transaction; the rest move up', async () => {
    const { slot, holders } = await fullSlot(1)
    const [first, second] = await Promise.all([1, 2].map(() => server.seed.createCustomer('fifo')))
    const firstEntry = (await join(first as TestUser, slot.id)).body
    await join(second as TestUser, slot.id)
    const [holding] = await myBookingOn(holders[0] as TestUser, slot.id)
    const cancel = await (await as(holders[0] as TestUser)).patch(`/api/bookings/${holding?.id}`, {
      status: 'CANCELLED',
    })
    expect(cancel.status).toBe(200)

    const promoted = await myBookingOn(first as TestUser, slot.id)
    // providerA does not auto-confirm: the promoted booking waits for the provider like any other
    expect(promoted.map((b) => b.status)).toEqual(['PENDING'])
    const entries = (await (await as(first as TestUser)).get(`/api/waitlist?slotId=${slot.id}`)).body
    expect(entries).toEqual([
      expect.objectContaining({
        id: firstEntry.id,
        status: 'PROMOTED',
        bookingId: promoted[0]?.id,
        position: null,
      }),
    ])
    const secondEntries = (await (await as(second as TestUser)).get(`/api/waitlist?slotId=${slot.id}`)).body
    expect(secondEntries[0]).toMatchObject({ status: 'WAITING', position: 1 })
    const after = await (await as(first as TestUser)).get(`/api/slots/${slot.id}`)
    expect(after.body).toMatchObject({ currentBookings: 1, isBooked: true, isAvailable: false })

    expect(await notificationKinds(first as TestUser)).toContain('WAITLIST_PROMOTED')
    expect(await notificationKinds(server.seed.providerA)).toEqual(
      expect.arrayContaining(['BOOKING_CANCELLED_BY_CUSTOMER', 'NEW_BOOKING_REQUEST']),
    )
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('auto-confirming providers promote straight to CONFIRMED; delete, decline, capacity raise and unblock all promote', async () => {
    const provider = server.seed.providerB
    const { slot, holders } = await fullSlot(2, provider)
    const waiters = await Promise.all([1, 2, 3, 4, 5].map(() => server.seed.createCustomer('many')))
    for (const waiter of waiters) expect((await join(waiter, slot.id)).status).toBe(201)
    const providerApi = await as(provider)

    // a provider deleting a booking
    const [held0] = await myBookingOn(holders[0] as TestUser, slot.id)
    expect((await providerApi.delete(`/api/bookings/${held0?.id}`)).status).toBe(200)
    expect((await myBookingOn(waiters[0] as TestUser, slot.id)).map((b) => b.status)).toEqual(['CONFIRMED'])
    expect(await notificationKinds(holders[0] as TestUser)).toContain('BOOKING_CANCELLED_BY_PROVIDER')

    // capacity raised by two: the next two
    expect((await providerApi.patch(`/api/slots/${slot.id}`, { maxBookings: 4 })).body).toMatchObject({
      currentBookings: 4,
      isBooked: true,
    })
    for (const waiter of waiters.slice(1, 3)) {
      expect((await myBookingOn(waiter, slot.id)).map((b) => b.status)).toEqual(['CONFIRMED'])
    }

    // blocked, a seat frees while blocked (nobody promoted), unblocked: the next waiter
    await providerApi.patch(`/api/slots/${slot.id}`, { blocked: true })
    const [held1] = await myBookingOn(holders[1] as TestUser, slot.id)
    await (await as(holders[1] as TestUser)).patch(`/api/bookings/${held1?.id}`, { status: 'CANCELLED' })
    expect(await myBookingOn(waiters[3] as TestUser, slot.id)).toEqual([])
    expect(await notificationKinds(waiters[1] as TestUser)).toContain('SLOT_CHANGED')
    await providerApi.patch(`/api/slots/${slot.id}`, { blocked: false })
    expect((await myBookingOn(waiters[3] as TestUser, slot.id)).map((b) => b.status)).toEqual(['CONFIRMED'])
    expect(await myBookingOn(waiters[4] as TestUser, slot.id)).toEqual([])
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('a withdrawn waiter is never booked; a waiter who already holds a seat is skipped', async () => {
    const { slot, holders } = await fullSlot(2)
    const [leaver, next] = await Promise.all([1, 2].map(() => server.seed.createCustomer('skip')))
    const leaverEntry = (await join(leaver as TestUser, slot.id)).body
    const left = await (await as(leaver as TestUser)).delete(`/api/waitlist/${leaverEntry.id}`)
    expect(left.body).toMatchObject({ status: 'LEFT', position: null })
    expect((await (await as(server.seed.customerB)).delete(`/api/waitlist/${leaverEntry.id}`)).status).toBe(
      403,
    )
    expect((await (await as(leaver as TestUser)).delete(`/api/waitlist/${randomUUID()}`)).status).toBe(404)

    // a waiter who holds a seat (inserted directly: no API path leads there, but a pushed booking could)
    const entryId = randomUUID()
    await server.db.query(
      `INSERT INTO waitlist (id, slot_id, provider_id, customer_id, start_time, status)
       SELECT $1, s.id, s.provider_id, $2, s.start_time, 'WAITING' FROM slots s WHERE s.id = $3`,
      [entryId, (holders[1] as TestUser).id, slot.id],
    )
    await join(next as TestUser, slot.id)
    const [held] = await myBookingOn(holders[0] as TestUser, slot.id)
    await (await as(server.seed.providerA)).patch(`/api/bookings/${held?.id}`, {
      status: 'CANCELLED',
      reason: 'Double-booked room',
    })

    expect(await myBookingOn(leaver as TestUser, slot.id)).toEqual([])
    expect((await myBookingOn(next as TestUser, slot.id)).length).toBe(1)
    const skipped = await server.db.query<{ status: string }>('SELECT status FROM waitlist WHERE id = $1', [
      entryId,
    ])
    expect(skipped.rows[0]?.status).toBe('BOOKED')
    const declined = (await (await as(holders[0] as TestUser)).get('/api/notifications')).body
    expect(declined).toEqual([
      expect.objectContaining({ kind: 'BOOKING_DECLINED', reason: 'Double-booked room' }),
    ])
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('entries of slots that started expire; a deleted slot closes its queue and tells the waiters', async () => {
    const { slot } = await fullSlot(1)
    const waiter = await server.seed.createCustomer('expire')
    const entry = (await join(waiter, slot.id)).body
    await server.db.query(
      "UPDATE slots SET start_time = now() - interval '1 minute', end_time = now() + interval '1 hour' WHERE id = $1",
      [slot.id],
    )
    expect((await runMaintenance(server.db, 30)).expiredEntries).toBeGreaterThanOrEqual(1)
    const after = await (await as(waiter)).get(`/api/waitlist?slotId=${slot.id}`)
    expect(after.body[0]).toMatchObject({ id: entry.id, status: 'EXPIRED' })

    // blocked while full, its bookings cancelled (nobody promoted while blocked), then deleted
    const { slot: doomed, holders } = await fullSlot(1)
    const doomedWaiter = await server.seed.createCustomer('doomed')
    await join(doomedWaiter, doomed.id)
    const provider = await as(server.seed.providerA)
    await provider.patch(`/api/slots/${doomed.id}`, { blocked: true })
    const [held] = await myBookingOn(holders[0] as TestUser, doomed.id)
    await provider.patch(`/api/bookings/${held?.id}`, { status: 'CANCELLED', reason: 'Slot closed.' })
    expect((await provider.delete(`/api/slots/${doomed.id}`)).status).toBe(200)
    const closed = await (await as(doomedWaiter)).get(`/api/waitlist?slotId=${doomed.id}`)
    expect(closed.body[0]).toMatchObject({ status: 'EXPIRED' })
    expect(await notificationKinds(doomedWaiter)).toContain('SLOT_CANCELLED')
  })
})

describe('joining through replication (a device, possibly offline)', () => {
  const pushDoc = (slot: Slot, customerId: string): WaitlistPushDoc => ({
    id: randomUUID(),
    slotId: slot.id,
    providerId: slot.providerId,
    customerId,
    startTime: slot.startTime,
    status: 'WAITING',
    rejectionReason: null,
    bookingId: null,
    updatedAt: new Date().toISOString(),
    rev: null,
    localPending: true,
    _deleted: false,
  })
  const push = async (user: TestUser, doc: WaitlistPushDoc) =>
    (await as(user)).post('/api/replication/waitlist/push', [
      { assumedMasterState: null, newDocumentState: doc },
    ])

  it('a join that finds a free seat books it; one on a full slot waits; refusals come back REJECTED', async () => {
    const customer = await server.seed.createCustomer('device')
    const free = await server.seed.createSlot({ maxBookings: 1 })
    const booked = await push(customer, pushDoc(free, customer.id))
    expect(booked.status).toBe(200)
    expect(booked.body[0]).toMatchObject({ status: 'BOOKED', bookingId: expect.any(String), position: null })
    expect((await myBookingOn(customer, free.id)).length).toBe(1)

    const other = await server.seed.createCustomer('device-2')
    const waiting = await push(other, pushDoc(free, other.id))
    expect(waiting.body[0]).toMatchObject({ status: 'WAITING', position: 1 })

    const twice = await push(other, pushDoc(free, other.id))
    expect(twice.body[0]).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'ALREADY_WAITING',
      rev: expect.any(String),
    })
    const forSomeoneElse = await push(other, pushDoc(free, customer.id))
    expect(forSomeoneElse.body[0]).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'FORBIDDEN',
      rev: null,
    })
    const noSlot = await push(other, { ...pushDoc(free, other.id), slotId: randomUUID() })
    expect(noSlot.body[0]).toMatchObject({ status: 'REJECTED', rejectionReason: 'SLOT_NOT_FOUND' })

    // pulled by the customer, with the position
    const pulled = await (await as(other)).get('/api/replication/waitlist/pull')
    expect(pulled.body.documents.map((d: { status: string }) => d.status).sort()).toEqual([
      'REJECTED',
      'WAITING',
    ])
    expect(await counterMismatches(server.db)).toEqual([])
  })

  it('a pushed LEFT withdraws the entry', async () => {
    const { slot } = await fullSlot(1)
    const customer = await server.seed.createCustomer('device-leave')
    const doc = pushDoc(slot, customer.id)
    const joined = (await push(customer, doc)).body[0]
    const res = await (await as(customer)).post('/api/replication/waitlist/push', [
      {
        assumedMasterState: { ...doc, rev: joined.rev },
        newDocumentState: { ...doc, rev: joined.rev, status: 'LEFT' },
      },
    ])
    expect(res.body[0]).toMatchObject({ status: 'LEFT' })
  })
})

describe('notifications', () => {
  it('a provider confirming tells the customer; marking read syncs through push; nothing for a refused change', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 1 })
    const customer = await server.seed.createCustomer('notified')
    const booking = await (await as(customer)).post('/api/bookings', { slotId: slot.id })
    await (await as(server.seed.providerA)).patch(`/api/bookings/${booking.body.id}`, { status: 'CONFIRMED' })
    const list = (await (await as(customer)).get('/api/notifications')).body
    expect(list).toEqual([
      expect.objectContaining({
        kind: 'BOOKING_CONFIRMED',
        bookingId: booking.body.id,
        readAt: null,
        serviceName: 'Physio',
      }),
    ])

    const pulled = (await (await as(customer)).get('/api/replication/notifications/pull')).body.documents
    const doc = pulled[0]
    const marked = await (await as(customer)).post('/api/replication/notifications/push', [
      { assumedMasterState: doc, newDocumentState: { ...doc, readAt: new Date().toISOString() } },
    ])
    expect(marked.body[0]).toMatchObject({ id: doc.id, readAt: expect.any(String) })
    // another user cannot mark it
    const stranger = await (await as(server.seed.customerC)).post(`/api/notifications/${doc.id}/read`)
    expect(stranger.status).toBe(404)

    // a refused change writes nothing
    const count = async () =>
      (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications')).rows[0]?.n
    const n = await count()
    const other = await server.seed.createCustomer('refused-booking')
    expect((await (await as(other)).post('/api/bookings', { slotId: slot.id })).status).toBe(409)
    expect(await count()).toBe(n)
  })

  it('retention prunes old notifications as tombstones that devices pull as deletions', async () => {
    const customer = await server.seed.createCustomer('retention')
    const slot = await server.seed.createSlot({ maxBookings: 1, provider: server.seed.providerB })
    const booking = await (await as(customer)).post('/api/bookings', { slotId: slot.id })
    await (await as(server.seed.providerB)).patch(`/api/bookings/${booking.body.id}`, {
      status: 'CANCELLED',
      reason: 'Ill today.',
    })
    const first = await (await as(customer)).get('/api/replication/notifications/pull')
    expect(first.body.documents).toHaveLength(1)
    await server.db.query(
      "UPDATE notifications SET created_at = now() - interval '40 days' WHERE user_id = $1",
      [customer.id],
    )
    expect((await runMaintenance(server.db, 30)).prunedNotifications).toBeGreaterThanOrEqual(1)
    const next = await (await as(customer)).get(
      `/api/replication/notifications/pull?checkpoint=${encodeURIComponent(JSON.stringify(first.body.checkpoint))}`,
    )
    expect(next.body.documents).toEqual([expect.objectContaining({ _deleted: true })])
  })
})
