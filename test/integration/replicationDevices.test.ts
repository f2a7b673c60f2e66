/**
 * Headless devices (the web app's client/data code over fake-indexeddb) against a real suite.server:
 * offline booking races, a long offline queue, replayed pushes and live updates through the stream.
 */
import { describe, expect, it } from 'vitest'
import { counterMismatches } from '../helpers/slotCounters.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { startDroppingProxy } from '../helpers/droppingProxy.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import type { TestUser } from '../helpers/testServer.js'
import { eventually } from '../helpers/eventually.js'

const suite = deviceSuite()
const device = (user: TestUser, name: string) => suite.device(user, name)

async function serverSlot(id: string) {
  const { rows } = await suite.server.db.query<{ current_bookings: number; blocked: boolean }>(
    'SELECT current_bookings, blocked FROM slots WHERE id = $1',
    [id],
  )
  return rows[0]
}

async function serverBookings(slotIds: string[]) {
  const { rows } = await suite.server.db.query<{
    id: string
    status: string
    rejection_reason: string | null
  }>('SELECT id, status, rejection_reason FROM bookings WHERE slot_id = ANY($1::uuid[]) ORDER BY id', [
    slotIds,
  ])
  return rows
}

describe('replication with headless devices', () => {
  it('(a) two offline devices book the last seat: one keeps it, the other lands on REJECTED SLOT_FULL', async () => {
    const slot = await suite.server.seed.createSlot({ provider: suite.server.seed.providerB, maxBookings: 1 })
    const first = await device(suite.server.seed.customerA, 'a-first')
    const second = await device(suite.server.seed.customerB, 'a-second')
    await eventually(async () => expect(await second.slot(slot.id)).toMatchObject({ remaining: 1 }))
    await eventually(async () => expect(await first.slot(slot.id)).toMatchObject({ remaining: 1 }))

    first.goOffline()
    second.goOffline()
    const mine = await first.bookings.book(slot.id, 'first')
    const theirs = await second.bookings.book(slot.id, 'second')
    // Optimistic: each device sees its own booking take the seat at once.
    expect(await first.slot(slot.id)).toMatchObject({ displayedBookings: 1, state: 'full', pending: true })
    expect(await second.slot(slot.id)).toMatchObject({ displayedBookings: 1, state: 'full', pending: true })

    first.goOnline()
    await first.awaitInSync()
    second.goOnline()
    await second.awaitInSync()

    const stored = await serverBookings([slot.id])
    expect(stored).toHaveLength(2)
    expect(stored.find((b) => b.id === mine.id)).toMatchObject({ status: 'CONFIRMED' })
    expect(stored.find((b) => b.id === theirs.id)).toMatchObject({
      status: 'REJECTED',
      rejection_reason: 'SLOT_FULL',
    })
    expect(await serverSlot(slot.id)).toMatchObject({ current_bookings: 1 })

    await eventually(async () => {
      expect(await first.booking(mine.id)).toMatchObject({ status: 'CONFIRMED', rev: expect.any(String) })
      expect((await first.booking(mine.id))?.localPending).toBeUndefined()
      expect(await second.booking(theirs.id)).toMatchObject({
        status: 'REJECTED',
        rejectionReason: 'SLOT_FULL',
      })
      // Both devices' counters equal the server's: the rejected booking is not counted, the kept one once.
      expect(await first.slot(slot.id)).toMatchObject({
        currentBookings: 1,
        displayedBookings: 1,
        pending: false,
      })
      expect(await second.slot(slot.id)).toMatchObject({
        currentBookings: 1,
        displayedBookings: 1,
        pending: false,
      })
    })
    expect(second.rejections.notices$.value.map((n) => [n.booking.id, n.reason])).toEqual([
      [theirs.id, 'SLOT_FULL'],
    ])
    expect(first.rejections.notices$.value).toEqual([])
  })

  it('(b) 100 operations queued offline are all resolved after reconnecting, none lost or duplicated', async () => {
    // One seat per customer per slot (invariant 12): each booking takes a slot the customer holds no
    // seat of, the first such, so a slot freed by an offline cancellation is booked again in the same
    // queue. 70 bookings and 30 cancellations hold at most 43 seats at once.
    const slots = await Promise.all(
      Array.from({ length: 45 }, () =>
        suite.server.seed.createSlot({ provider: suite.server.seed.providerA, maxBookings: 2 }),
      ),
    )
    const customer = await suite.server.seed.createCustomer('queue')
    const phone = await device(customer, 'b-phone')
    await eventually(async () => {
      for (const slot of slots) expect(await phone.slot(slot.id)).not.toBeNull()
    })

    phone.goOffline()
    const booked: string[] = []
    const cancelled = new Set<string>()
    /** slot id -> the active booking the customer holds there */
    const held = new Map<string, string>()
    const slotOf = new Map<string, string>()
    let rebooked = 0
    for (let op = 0; op < 100; op++) {
      if (op % 10 < 7 || booked.length === cancelled.size) {
        const slot = slots.find((s) => !held.has(s.id))
        if (!slot) throw new Error('no slot')
        if ([...slotOf.values()].includes(slot.id)) rebooked++
        const id = (await phone.bookings.book(slot.id, `op ${op}`)).id
        booked.push(id)
        held.set(slot.id, id)
        slotOf.set(id, slot.id)
      } else {
        const id = booked.find((b) => !cancelled.has(b))
        if (!id) throw new Error('nothing to cancel')
        await phone.bookings.setStatus(id, 'CANCELLED')
        cancelled.add(id)
        held.delete(slotOf.get(id) as string)
      }
    }
    expect(rebooked).toBeGreaterThan(0)
    // A second seat of a slot the device shows held is refused at once, and queues nothing.
    const [heldSlot] = held.keys()
    await expect(phone.bookings.book(heldSlot as string, 'again')).rejects.toMatchObject({
      code: 'ALREADY_BOOKED',
    })
    expect(booked.length + cancelled.size).toBe(100)
    phone.goOnline()
    await phone.awaitInSync(30_000)

    const stored = await serverBookings(slots.map((s) => s.id))
    expect(stored.map((b) => b.id).sort()).toEqual([...booked].sort())
    for (const booking of stored) {
      expect(booking.status).toBe(cancelled.has(booking.id) ? 'CANCELLED' : 'PENDING')
    }
    expect(await counterMismatches(suite.server.db)).toEqual([])
    await eventually(async () => {
      const local = await phone.db.bookings.find().exec()
      expect(
        local
          .filter((b) => booked.includes(b.id))
          .map((b) => [b.id, b.status])
          .sort(),
      ).toEqual(stored.map((b) => [b.id, b.status]).sort())
      expect(local.filter((b) => b.localPending)).toHaveLength(0)
      for (const slot of slots) {
        const view = await phone.slot(slot.id)
        expect(view?.displayedBookings).toBe((await serverSlot(slot.id))?.current_bookings)
      }
    })
  })

  it('(c) a push replayed 3 times creates one booking and moves the counter once', async () => {
    const slot = await suite.server.seed.createSlot({ provider: suite.server.seed.providerA, maxBookings: 3 })
    const token = await suite.server.signIn(suite.server.seed.customerC.email)
    const api = suite.server.api(token)
    const row = { newDocumentState: newBookingDoc(slot, suite.server.seed.customerC.id, 'replayed') }
    const answers = []
    for (let replay = 0; replay < 3; replay++) {
      const response = await api.post('/api/replication/bookings/push', [row])
      expect(response.status).toBe(200)
      answers.push(response.body)
      expect(await serverBookings([slot.id])).toHaveLength(1)
      expect(await serverSlot(slot.id)).toMatchObject({ current_bookings: 1 })
    }
    // The first is accepted as sent (PENDING): nothing to answer. A replay means the device never had
    // the server's document (its answer was lost): it is answered with it, the same each time.
    expect(answers[0]).toEqual([])
    expect(answers[1]).toEqual([expect.objectContaining({ id: row.newDocumentState.id, status: 'PENDING' })])
    expect(answers[2]).toEqual(answers[1])
    expect(answers[1][0].rev).toEqual(expect.any(String))
    expect(await serverBookings([slot.id])).toEqual([
      expect.objectContaining({ id: row.newDocumentState.id, status: 'PENDING' }),
    ])
  })

  it('(d) a provider blocks a slot and a subscribed customer device receives it through the stream', async () => {
    const slot = await suite.server.seed.createSlot({ provider: suite.server.seed.providerA, maxBookings: 2 })
    const customer = await device(suite.server.seed.customerB, 'd-customer')
    const provider = await device(suite.server.seed.providerA, 'd-provider')
    await eventually(async () => expect(await customer.slot(slot.id)).toMatchObject({ state: 'available' }))
    await eventually(async () => expect(await provider.slot(slot.id)).not.toBeNull())

    // The customer device never polls: it pulls when the stream says so.
    const announced: string[] = []
    const watch = customer
      .replication()
      .stream.resync.slots.subscribe((v) => announced.push(v === 'RESYNC' ? v : 'documents'))
    await provider.provider.setBlocked(slot.id, true)
    await provider.awaitInSync()
    expect(await serverSlot(slot.id)).toMatchObject({ blocked: true })
    await eventually(
      async () => expect(await customer.slot(slot.id)).toMatchObject({ blocked: true, state: 'blocked' }),
      5000,
    )
    watch.unsubscribe()
    expect(announced.length).toBeGreaterThan(0)
  })

  it('(e) a cancel made offline survives a confirmation that raced it (the intent is re-applied on the new base)', async () => {
    const slot = await suite.server.seed.createSlot({ provider: suite.server.seed.providerA, maxBookings: 2 })
    const customer = await device(await suite.server.seed.createCustomer('race'), 'e-customer')
    const provider = await device(suite.server.seed.providerA, 'e-provider')
    await eventually(async () => expect(await customer.slot(slot.id)).not.toBeNull())
    const booking = await customer.bookings.book(slot.id, 'race')
    await customer.awaitInSync()
    await eventually(async () =>
      expect(await provider.booking(booking.id)).toMatchObject({ status: 'PENDING' }),
    )

    customer.goOffline()
    await customer.bookings.setStatus(booking.id, 'CANCELLED')
    await provider.bookings.setStatus(booking.id, 'CONFIRMED')
    await provider.awaitInSync()
    customer.goOnline()
    await customer.awaitInSync()

    await eventually(async () => {
      const stored = await suite.server.db.query('SELECT status FROM bookings WHERE id = $1', [booking.id])
      expect(stored.rows).toEqual([{ status: 'CANCELLED' }])
      expect(await customer.booking(booking.id)).toMatchObject({ status: 'CANCELLED' })
      expect((await customer.booking(booking.id))?.localPending).toBeUndefined()
      expect(await provider.booking(booking.id)).toMatchObject({ status: 'CANCELLED' })
      expect(await customer.slot(slot.id)).toMatchObject({ currentBookings: 0, displayedBookings: 0 })
    })
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('(f) pushes whose responses are lost are retried by the device and change nothing twice', async () => {
    const slot = await suite.server.seed.createSlot({ provider: suite.server.seed.providerB, maxBookings: 5 })
    let drops = 2
    const proxy = await startDroppingProxy({
      target: suite.server.url,
      shouldDrop: (method, path) =>
        method === 'POST' && path.startsWith('/api/replication/bookings/push') && drops-- > 0,
    })
    try {
      const customer = await suite.server.seed.createCustomer('lossy')
      const phone = await suite.device(customer, 'f-lossy', { baseUrl: proxy.url })
      await eventually(async () => expect(await phone.slot(slot.id)).not.toBeNull())
      const booking = await phone.bookings.book(slot.id, 'lossy')
      await eventually(async () => {
        expect(proxy.dropped()).toBe(2)
        expect(await phone.booking(booking.id)).toMatchObject({
          status: 'CONFIRMED',
          rev: expect.any(String),
        })
        expect(await phone.slot(slot.id)).toMatchObject({
          currentBookings: 1,
          displayedBookings: 1,
          pending: false,
        })
      })
      expect(await serverBookings([slot.id])).toEqual([
        { id: booking.id, status: 'CONFIRMED', rejection_reason: null },
      ])
      expect(await serverSlot(slot.id)).toMatchObject({ current_bookings: 1 })
    } finally {
      await proxy.close()
    }
  })

  it('(g) back online, a device pushes at once instead of finishing its retry pause', async () => {
    const slot = await suite.server.seed.createSlot({ provider: suite.server.seed.providerB, maxBookings: 5 })
    const customer = await suite.server.seed.createCustomer('reconnect')
    // Pauses far longer than the test allows: only reacting to the network coming back can pass.
    const phone = await suite.device(customer, 'g-reconnect', { retryTime: 30_000, maxRetryTime: 60_000 })
    await eventually(async () => expect(await phone.slot(slot.id)).not.toBeNull())
    const statuses: boolean[] = []
    const watch = phone.replication().status$.subscribe((s) => statuses.push(s.online))
    await eventually(async () => expect(statuses.at(-1)).toBe(true), 5000)

    phone.goOffline()
    expect(statuses.at(-1)).toBe(false)
    const booking = await phone.bookings.book(slot.id, 'while offline')
    // Let the push fail and replication settle into its pause.
    await new Promise((r) => setTimeout(r, 300))
    const backAt = Date.now()
    phone.goOnline()
    await eventually(async () => {
      expect(await phone.booking(booking.id)).toMatchObject({ rev: expect.any(String) })
    }, 5000)
    expect(Date.now() - backAt).toBeLessThan(5000)
    await eventually(async () => expect(statuses.at(-1)).toBe(true), 5000)
    watch.unsubscribe()
    await phone.awaitInSync()
    expect(await serverBookings([slot.id])).toHaveLength(1)
  })
})
