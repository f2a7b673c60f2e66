/**
 * A provider's offline changes end visibly (issue 16): headless provider devices (the web app's own
 * client/data code, RxDB's replication loop over fake-indexeddb) go offline, customers act online,
 * the provider reconnects. Every change is queued and counted; each is accepted, or refused with the
 * reason and the server's value in the device's change log (through the conflict handler), and the
 * refusal is in the audit trail. Runs on PGlite and on real PostgreSQL (DATABASE_URL).
 */
import { describe, expect, it } from 'vitest'
import { filter, firstValueFrom } from 'rxjs'
import { type ProviderChange, providerChangeLog } from '../../client/data/providerChanges.js'
import type { Device } from '../helpers/deviceClient.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'
import { startSlotNow } from '../helpers/pastBookings.js'
import type { TestUser } from '../helpers/testServer.js'

const suite = deviceSuite()
const device = (user: TestUser, name: string) => suite.device(user, name)

async function customerBooks(customer: TestUser, slotId: string): Promise<string> {
  const response = await suite.server
    .api(await suite.server.signIn(customer.email))
    .post('/api/bookings', { slotId })
  expect(response.status).toBe(201)
  return response.body.id as string
}

/** The device's pending count (the sync indicator's number) and its queued change records. */
async function pendingAndQueued(d: Device): Promise<{ pending: number; queued: number }> {
  await new Promise((r) => setTimeout(r, 60))
  const status = await firstValueFrom(d.replication().status$)
  const changes = await providerChangeLog(d.db).current()
  return { pending: status.pendingChanges, queued: changes.filter((c) => c.state === 'queued').length }
}

async function refusedChanges(d: Device): Promise<ProviderChange[]> {
  return (await providerChangeLog(d.db).current()).filter((c) => c.state === 'refused')
}

async function auditActions(entityId: string): Promise<string[]> {
  const { rows } = await suite.server.db.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id',
    [entityId],
  )
  return rows.map((r) => r.action)
}

async function serverSlot(id: string) {
  const { rows } = await suite.server.db.query<{
    max_bookings: number
    deleted: boolean
    current_bookings: number
  }>('SELECT max_bookings, deleted, current_bookings FROM slots WHERE id = $1', [id])
  return rows[0]
}

describe('a provider offline', () => {
  it('1: capacity lowered below what customers booked meanwhile is refused, shown with the reason and the suite.server value, and audited', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 'p1')
    phone.goOffline()
    await phone.provider.setCapacity(slot.id, 1)
    expect(await pendingAndQueued(phone)).toEqual({ pending: 1, queued: 1 })
    await customerBooks(seed.customerA, slot.id)
    await customerBooks(seed.customerB, slot.id)

    phone.goOnline()
    await phone.awaitInSync()
    const refused = await theOneRefusal(phone)
    expect(refused).toMatchObject({
      docId: slot.id,
      tried: { kind: 'capacity', maxBookings: 1 },
      refusal: { code: 'CAPACITY_BELOW_BOOKINGS', field: 'maxBookings' },
      serverValue: 'capacity 3, 2 booked',
    })
    expect(await phone.slot(slot.id)).toMatchObject({ maxBookings: 3, currentBookings: 2, pending: false })
    expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 })
    expect(await auditActions(slot.id)).toContain('slot.change_refused')
    expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 3 })
  })

  it('2 and 5: deletions are counted as pending; one refused (a customer booked meanwhile) comes back with the reason', async () => {
    const { seed } = suite.server
    const booked = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const free = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 'p2')
    phone.goOffline()
    await phone.provider.deleteSlot(booked.id)
    await phone.provider.deleteSlot(free.id)
    expect(await pendingAndQueued(phone)).toEqual({ pending: 2, queued: 2 })
    await customerBooks(seed.customerA, booked.id)

    phone.goOnline()
    await phone.awaitInSync()
    const refused = await theOneRefusal(phone)
    expect(refused).toMatchObject({
      docId: booked.id,
      tried: { kind: 'delete' },
      refusal: { code: 'SLOT_HAS_ACTIVE_BOOKINGS' },
      serverValue: 'not deleted, capacity 3, 1 booked',
    })
    await eventually(async () => {
      expect(await phone.slot(booked.id)).toMatchObject({ currentBookings: 1 })
      expect(await phone.slot(free.id)).toBeNull()
      expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 })
    })
    expect(await serverSlot(free.id)).toMatchObject({ deleted: true })
    expect(await auditActions(booked.id)).toContain('slot.change_refused')
  })

  it('3: two devices set one capacity; the stale one is told what replaced it and applies it again with one click', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const first = await device(seed.providerB, 'p3a')
    const second = await device(seed.providerB, 'p3b')
    first.goOffline()
    second.goOffline()
    await first.provider.setCapacity(slot.id, 5)
    await second.provider.setCapacity(slot.id, 2)
    first.goOnline()
    await first.awaitInSync()
    expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 5 })

    second.goOnline()
    await second.awaitInSync()
    const [lost] = await eventually(async () => {
      const list = await refusedChanges(second)
      expect(list).toHaveLength(1)
      return list
    })
    expect(lost).toMatchObject({
      tried: { kind: 'capacity', maxBookings: 2 },
      // Only the provider changes a slot's capacity: the other change was made on another of their devices.
      refusal: { code: 'STALE_BASE', message: 'This slot was changed first on another of your devices.' },
      serverValue: 'capacity 5, 0 booked',
    })
    // No silent last writer: the suite.server and the first device keep 5.
    expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 5 })
    await eventually(async () => expect(await second.slot(slot.id)).toMatchObject({ maxBookings: 5 }))
    expect(await first.slot(slot.id)).toMatchObject({ maxBookings: 5 })
    expect(await refusedChanges(first)).toEqual([])
    expect(await auditActions(slot.id)).toContain('slot.change_refused')

    await second.provider.applyAgain(lost as ProviderChange)
    await second.awaitInSync()
    await eventually(async () => expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 2 }))
    await eventually(async () => expect(await first.slot(slot.id)).toMatchObject({ maxBookings: 2 }))
    expect(await providerChangeLog(second.db).current()).toEqual([])
  })

  it('3b: a deletion of a slot whose capacity another device changed meanwhile is refused as stale; applied again it deletes', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 'p3c')
    phone.goOffline()
    await phone.provider.deleteSlot(slot.id)
    const token = await suite.server.signIn(seed.providerB.email)
    expect((await suite.server.api(token).patch(`/api/slots/${slot.id}`, { maxBookings: 6 })).status).toBe(
      200,
    )

    phone.goOnline()
    await phone.awaitInSync()
    const [stale] = await eventually(async () => {
      const list = await refusedChanges(phone)
      expect(list).toHaveLength(1)
      return list
    })
    expect(stale).toMatchObject({
      tried: { kind: 'delete' },
      refusal: { code: 'STALE_BASE', field: '_deleted' },
      serverValue: 'not deleted, capacity 6, 0 booked',
    })
    expect(await serverSlot(slot.id)).toMatchObject({ deleted: false })
    await eventually(async () => expect(await phone.slot(slot.id)).toMatchObject({ maxBookings: 6 }))

    await phone.provider.applyAgain(stale as ProviderChange)
    await phone.awaitInSync()
    await eventually(async () => expect(await serverSlot(slot.id)).toMatchObject({ deleted: true }))
    await eventually(async () => expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 }))
  })

  /**
   * The provider sets `status` (with `reason`) offline on a PENDING booking of providerA's; the customer
   * cancels it online meanwhile; the provider reconnects. Returns the device, the booking and the refusal.
   */
  async function overtakenByCustomerCancel(name: string, status: 'CONFIRMED' | 'CANCELLED', reason?: string) {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const customerToken = await suite.server.signIn(seed.customerA.email)
    const booking = await suite.server.api(customerToken).post('/api/bookings', { slotId: slot.id })
    const bookingId = booking.body.id as string
    const phone = await device(seed.providerA, name)
    await eventually(async () => expect(await phone.booking(bookingId)).toMatchObject({ status: 'PENDING' }))
    phone.goOffline()
    await phone.bookings.setStatus(bookingId, status, reason)
    expect(await pendingAndQueued(phone)).toEqual({ pending: 1, queued: 1 })
    const cancelled = await suite.server.api(customerToken).patch(`/api/bookings/${bookingId}`, {
      status: 'CANCELLED',
    })
    expect(cancelled.status).toBe(200)
    phone.goOnline()
    await phone.awaitInSync()
    const refused = await theOneRefusal(phone)
    expect(refused).toMatchObject({
      collection: 'bookings',
      tried: { kind: 'status', status },
      refusal: { code: 'STALE_BASE' },
      serverValue: 'Cancelled',
    })
    return { phone, bookingId, refused }
  }

  it('4: a confirm the customer overtook by cancelling is refused and shows the suite.server status', async () => {
    const { phone, bookingId } = await overtakenByCustomerCancel('p4', 'CONFIRMED')
    expect(await phone.booking(bookingId)).toMatchObject({ status: 'CANCELLED' })
    expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 })
    expect(await auditActions(bookingId)).toContain('booking.change_refused')
  })

  it('4b: a cancel with a reason the customer overtook by cancelling first lands on the server state; the lost reason is shown', async () => {
    // Before, the push was answered as accepted (the status matched): the device kept its own copy
    // ("1 change waiting" for good, the booking "not synced yet") and the reason vanished unsaid.
    const { phone, bookingId, refused } = await overtakenByCustomerCancel(
      'p4b',
      'CANCELLED',
      'Instructor is ill, sorry',
    )
    expect(refused?.refusal?.message).toContain('reason was not saved')
    const held = await phone.booking(bookingId)
    expect(held).toMatchObject({ status: 'CANCELLED', statusReason: null })
    expect(held?.localPending).toBeFalsy()
    expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 })
  })

  it('4c: a confirm another device of the provider made first lands on the server state, nothing refused', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const bookingId = await customerBooks(seed.customerA, slot.id)
    const phone = await device(seed.providerA, 'p4c')
    await eventually(async () => expect(await phone.booking(bookingId)).toMatchObject({ status: 'PENDING' }))
    phone.goOffline()
    await phone.bookings.setStatus(bookingId, 'CONFIRMED')
    const desk = suite.server.api(await suite.server.signIn(seed.providerA.email))
    expect((await desk.patch(`/api/bookings/${bookingId}`, { status: 'CONFIRMED' })).status).toBe(200)

    phone.goOnline()
    await phone.awaitInSync()
    await eventually(async () => expect((await phone.booking(bookingId))?.localPending).toBeFalsy())
    expect(await refusedChanges(phone)).toEqual([])
    expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 })
  })

  it('5: four offline changes (capacity, block, delete, confirm) count four and are all accepted', async () => {
    const { seed } = suite.server
    const a = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const b = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const c = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const booking = await suite.server
      .api(await suite.server.signIn(seed.customerB.email))
      .post('/api/bookings', { slotId: a.id })
    const phone = await device(seed.providerA, 'p5')
    await eventually(async () => expect(await phone.booking(booking.body.id)).not.toBeNull())
    phone.goOffline()
    await phone.provider.setCapacity(a.id, 4)
    await phone.provider.setBlocked(b.id, true)
    await phone.provider.deleteSlot(c.id)
    await phone.bookings.setStatus(booking.body.id, 'CONFIRMED')
    expect(await pendingAndQueued(phone)).toEqual({ pending: 4, queued: 4 })

    phone.goOnline()
    await phone.awaitInSync()
    await eventually(async () => expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 }))
    expect(await refusedChanges(phone)).toEqual([])
    expect(await serverSlot(a.id)).toMatchObject({ max_bookings: 4 })
    expect(await serverSlot(c.id)).toMatchObject({ deleted: true })
  })

  it('6: slots made offline (single and weekly) are pushed; a refused one (overlap) is shown per slot', async () => {
    const { seed } = suite.server
    const provider = seed.providerA
    const phone = await device(provider, 'p6')
    // The services list the forms read offline (cached by the app when it was last read online).
    await phone.db.upsertLocal(`services_${provider.id.replace(/-/g, '')}`, { services: [seed.serviceA] })
    phone.goOffline()
    const start = new Date(Date.now() + 30 * 86_400_000)
    start.setUTCHours(8, 0, 0, 0)
    const single = {
      serviceId: seed.serviceA.id,
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 3_600_000).toISOString(),
      maxBookings: 2,
    }
    expect(await phone.provider.createSlot(single)).toEqual({ queued: true })
    const day = (offset: number) => new Date(start.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
    const weekly = await phone.provider.createRecurringSlots({
      serviceId: seed.serviceA.id,
      fromDate: day(1),
      toDate: day(3),
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTimes: ['10:00'],
      durationMinutes: 60,
      maxBookings: 3,
    })
    expect(weekly).toMatchObject({ created: 3, queued: true })
    expect(await pendingAndQueued(phone)).toEqual({ pending: 4, queued: 4 })
    // Meanwhile the provider's other device takes the single slot's time online.
    const token = await suite.server.signIn(provider.email)
    expect((await suite.server.api(token).post('/api/slots', single)).status).toBe(201)

    phone.goOnline()
    await phone.awaitInSync()
    const refused = await theOneRefusal(phone)
    expect(refused).toMatchObject({
      slotStart: single.startTime,
      tried: { kind: 'create' },
      refusal: { code: 'SLOT_OVERLAPS' },
      serverValue: 'not created',
    })
    await eventually(async () => expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 }))
    const { rows } = await suite.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM slots WHERE provider_id = $1 AND start_time >= $2 AND NOT deleted',
      [provider.id, single.startTime],
    )
    expect(rows[0]?.n).toBe(4)
    // The audit trail keeps the refused new slot's time: no slot holds it to name it by.
    const audit = await suite.server.db.query<{ after: { tried: object } }>(
      `SELECT after FROM audit_log WHERE actor_id = $1 AND action = 'slot.change_refused'
         AND after -> 'refusals' @> '[{"field": "created"}]' ORDER BY id DESC LIMIT 1`,
      [provider.id],
    )
    expect(audit.rows[0]?.after.tried).toMatchObject({ startTime: single.startTime, endTime: single.endTime })
  })

  it('7: a decline carries the reason to the customer', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const customer = await device(seed.customerC, 'c7')
    const booking = await customer.bookings.book(slot.id, '')
    await customer.awaitInSync()
    const phone = await device(seed.providerA, 'p7')
    await eventually(async () => expect(await phone.booking(booking.id)).not.toBeNull())
    phone.goOffline()
    await phone.bookings.setStatus(booking.id, 'CANCELLED', 'Closed for a training day')
    phone.goOnline()
    await phone.awaitInSync()
    await eventually(async () =>
      expect(await customer.booking(booking.id)).toMatchObject({
        status: 'CANCELLED',
        statusReason: 'Closed for a training day',
      }),
    )
    // And in the customer's notification of it.
    await eventually(async () => {
      const told = await customer.db.notifications.find({ selector: { bookingId: booking.id } }).exec()
      expect(told.map((n) => n.reason)).toContain('Closed for a training day')
    })
  })

  it('8: "mark completed" before the slot has started is refused (BOOKING_NOT_STARTED) and shown; the seat stays held', async () => {
    const { seed } = suite.server
    // One seat, two days ahead, booked and confirmed (providerB confirms automatically).
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 24 })
    const bookingId = await customerBooks(seed.customerA, slot.id)
    // A device whose clock is three days ahead: its local check lets the completion through.
    const ahead = () => new Date(Date.now() + 3 * 86_400_000)
    const phone = await suite.device(seed.providerB, 'p8', { clock: ahead })
    await eventually(async () =>
      expect(await phone.booking(bookingId)).toMatchObject({ status: 'CONFIRMED' }),
    )
    phone.goOffline()
    await phone.bookings.setStatus(bookingId, 'COMPLETED')
    expect(await pendingAndQueued(phone)).toEqual({ pending: 1, queued: 1 })

    phone.goOnline()
    await phone.awaitInSync()
    const refused = await theOneRefusal(phone)
    expect(refused).toMatchObject({
      collection: 'bookings',
      docId: bookingId,
      tried: { kind: 'status', status: 'COMPLETED' },
      refusal: { code: 'BOOKING_NOT_STARTED', field: 'status' },
      serverValue: 'Confirmed',
    })
    expect(refused?.refusal?.message).toMatch(/not started/)
    await eventually(async () =>
      expect(await phone.booking(bookingId)).toMatchObject({ status: 'CONFIRMED' }),
    )
    expect(await pendingAndQueued(phone)).toEqual({ pending: 0, queued: 0 })
    expect(await auditActions(bookingId)).toContain('booking.change_refused')
    expect(await auditActions(bookingId)).not.toContain('booking.completed')
    // The seat is still the customer's: nobody else gets it.
    expect(await serverSlot(slot.id)).toMatchObject({ current_bookings: 1 })
    const other = await suite.server
      .api(await suite.server.signIn(seed.customerB.email))
      .post('/api/bookings', { slotId: slot.id })
    expect(other).toMatchObject({ status: 409, body: { code: 'SLOT_FULL' } })

    // A device with the right time does not offer it at all: refused locally, nothing queued.
    const tablet = await device(seed.providerB, 'p8b')
    await expect(tablet.bookings.setStatus(bookingId, 'COMPLETED')).rejects.toMatchObject({
      code: 'BOOKING_NOT_STARTED',
    })
    expect(await pendingAndQueued(tablet)).toEqual({ pending: 0, queued: 0 })

    // Once the session has started, the same change goes through.
    await startSlotNow(suite.server.db, slot.id)
    await eventually(async () =>
      expect(Date.parse((await tablet.booking(bookingId))?.startTime ?? '')).toBeLessThan(Date.now()),
    )
    await tablet.bookings.setStatus(bookingId, 'COMPLETED')
    await tablet.awaitInSync()
    await eventually(async () => expect(await auditActions(bookingId)).toContain('booking.completed'))
    expect(await refusedChanges(tablet)).toEqual([])
    expect(await serverSlot(slot.id)).toMatchObject({ current_bookings: 0 })
  })
})

/** The one refused change `d` shows, once it shows exactly one. */
async function theOneRefusal(d: Device): Promise<ProviderChange | undefined> {
  const list = await eventually(async () => {
    const shown = await refusedChanges(d)
    expect(shown).toHaveLength(1)
    return shown
  })
  return list[0]
}

/** The device's change records that are shown: refused or superseded, in the order made. */
async function shownChanges(d: Device): Promise<ProviderChange[]> {
  return (await providerChangeLog(d.db).current()).filter((c) => c.state !== 'queued')
}

/** Reconnects `d`, waits until every queued change is answered, and returns what the device shows. */
async function reconnectAndSettle(d: Device): Promise<ProviderChange[]> {
  d.goOnline()
  await d.awaitInSync()
  await eventually(async () => expect(await pendingAndQueued(d)).toEqual({ pending: 0, queued: 0 }))
  return shownChanges(d)
}

/**
 * Makes `change` and waits until its push has failed once, offline. RxDB retries that push with the
 * rows it was started with, so the changes made after it leave together, as the slot's latest state,
 * in the next push: the case where the server sees two changes to one slot as one.
 */
async function firstPushLeaves(d: Device, change: () => Promise<void>): Promise<void> {
  const failed = firstValueFrom(
    d.replication().states.slots.error$.pipe(filter((e) => (e as { code?: string }).code === 'RC_PUSH')),
  )
  await change()
  await failed
}

describe('several changes to one slot offline: one record each, each resolved', () => {
  it('capacity then block, pushed as one: the capacity is refused by name, the block accepted', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const other = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 'm1')
    phone.goOffline()
    await firstPushLeaves(phone, () => phone.provider.setBlocked(other.id, true))
    await phone.provider.setCapacity(slot.id, 1)
    await phone.provider.setBlocked(slot.id, true)
    expect(await pendingAndQueued(phone)).toEqual({ pending: 3, queued: 3 })
    expect((await providerChangeLog(phone.db).current()).map((c) => c.tried)).toEqual([
      { kind: 'blocked', blocked: true },
      { kind: 'capacity', maxBookings: 1 },
      { kind: 'blocked', blocked: true },
    ])
    await customerBooks(seed.customerA, slot.id)
    await customerBooks(seed.customerB, slot.id)

    const shown = await reconnectAndSettle(phone)
    expect(shown).toHaveLength(1)
    expect(shown[0]).toMatchObject({
      docId: slot.id,
      state: 'refused',
      tried: { kind: 'capacity', maxBookings: 1 },
      refusal: { code: 'CAPACITY_BELOW_BOOKINGS', field: 'maxBookings' },
      serverValue: 'capacity 3, 2 booked',
    })
    // The block was judged on its own and taken: on the server and on the device.
    const { rows } = await suite.server.db.query<{ blocked: boolean; max_bookings: number }>(
      'SELECT blocked, max_bookings FROM slots WHERE id = $1',
      [slot.id],
    )
    expect(rows[0]).toEqual({ blocked: true, max_bookings: 3 })
    await eventually(async () =>
      expect(await phone.slot(slot.id)).toMatchObject({ blocked: true, maxBookings: 3, pending: false }),
    )
  })

  it('capacity twice: pushed as one, the first is shown replaced by the second; pushed alone, it is judged', async () => {
    const { seed } = suite.server
    const merged = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const alone = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 'm2')
    phone.goOffline()
    // `alone`'s first change is the first push, retried as it was: the server judges it by itself.
    await firstPushLeaves(phone, () => phone.provider.setCapacity(alone.id, 5))
    await phone.provider.setCapacity(merged.id, 5)
    await phone.provider.setCapacity(merged.id, 1)
    await phone.provider.setCapacity(alone.id, 1)
    expect(await pendingAndQueued(phone)).toEqual({ pending: 4, queued: 4 })
    for (const slot of [merged, alone]) {
      await customerBooks(seed.customerA, slot.id)
      await customerBooks(seed.customerB, slot.id)
    }

    const shown = await reconnectAndSettle(phone)
    expect(shown.map((c) => [c.docId, c.state, c.tried])).toEqual([
      [merged.id, 'superseded', { kind: 'capacity', maxBookings: 5 }],
      [merged.id, 'refused', { kind: 'capacity', maxBookings: 1 }],
      [alone.id, 'refused', { kind: 'capacity', maxBookings: 1 }],
    ])
    expect(shown[0]).toMatchObject({ replacedBy: { kind: 'capacity', maxBookings: 1 } })
    expect(shown[1]).toMatchObject({
      refusal: { code: 'CAPACITY_BELOW_BOOKINGS' },
      serverValue: 'capacity 3, 2 booked',
    })
    // The first change of `alone` was taken (its record went), and the refusal of the second shows it,
    // judged against the device's own change, not as another device's (no STALE_BASE).
    expect(shown[2]).toMatchObject({
      refusal: { code: 'CAPACITY_BELOW_BOOKINGS' },
      serverValue: 'capacity 5, 2 booked',
    })
    expect(await serverSlot(merged.id)).toMatchObject({ max_bookings: 3 })
    expect(await serverSlot(alone.id)).toMatchObject({ max_bookings: 5 })
    // Each is dismissed on its own.
    await phone.provider.dismissChange(shown[0]?.key ?? '')
    expect((await shownChanges(phone)).map((c) => c.key)).toEqual([shown[1]?.key, shown[2]?.key])
  })

  it('change then delete: a deletion taken supersedes the capacity; one refused leaves the capacity judged alone', async () => {
    const { seed } = suite.server
    const free = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const booked = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const other = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 'm3')
    phone.goOffline()
    await firstPushLeaves(phone, () => phone.provider.setBlocked(other.id, true))
    for (const slot of [free, booked]) {
      await phone.provider.setCapacity(slot.id, 5)
      await phone.provider.deleteSlot(slot.id)
    }
    expect(await pendingAndQueued(phone)).toEqual({ pending: 5, queued: 5 })
    await customerBooks(seed.customerA, booked.id)

    const shown = await reconnectAndSettle(phone)
    expect(shown.map((c) => [c.docId, c.state, c.tried.kind])).toEqual([
      [free.id, 'superseded', 'capacity'],
      [booked.id, 'refused', 'delete'],
    ])
    expect(shown[0]).toMatchObject({ replacedBy: { kind: 'delete' } })
    expect(shown[1]).toMatchObject({
      refusal: { code: 'SLOT_HAS_ACTIVE_BOOKINGS', field: '_deleted' },
      serverValue: 'not deleted, capacity 5, 1 booked',
    })
    expect(await serverSlot(free.id)).toMatchObject({ deleted: true })
    expect(await serverSlot(booked.id)).toMatchObject({ deleted: false, max_bookings: 5 })
    await eventually(async () =>
      expect(await phone.slot(booked.id)).toMatchObject({ maxBookings: 5, currentBookings: 1 }),
    )
  })

  /**
   * The walk: device A offline sets capacity 5 (its push leaves and is retried as it was), then 6;
   * device B, online, sets 2; A reconnects. The push of 5 is refused as stale, and RxDB cannot land A
   * on the server's 2 (6 was made meanwhile), so it pushes 6 on A's old base. 6 was decided on the
   * same base as 5, never having seen B's 2: it is refused as stale too, not laid over B's value (it
   * was, through the answered base, and the list still said "Now on the server: capacity 2").
   */
  it('capacity twice, the first push refused as stale: the second, on the same base, is refused too', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 's1a')
    const tablet = await device(seed.providerB, 's1b')
    phone.goOffline()
    await firstPushLeaves(phone, () => phone.provider.setCapacity(slot.id, 5))
    await phone.provider.setCapacity(slot.id, 6)
    await tablet.provider.setCapacity(slot.id, 2)
    await tablet.awaitInSync()
    expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 2 })

    const shown = await reconnectAndSettle(phone)
    expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 2 })
    expect(shown.map((c) => [c.state, c.tried, c.refusal?.code])).toEqual([
      ['refused', { kind: 'capacity', maxBookings: 5 }, 'STALE_BASE'],
      ['refused', { kind: 'capacity', maxBookings: 6 }, 'STALE_BASE'],
    ])
    // 5 was refused, and the provider's own later change replaced it: its server value may be out of
    // date and applying it again would undo 6, so it says only that.
    expect(shown[0]).toMatchObject({ replacedBy: { kind: 'capacity', maxBookings: 6 } })
    expect(shown[1]).toMatchObject({ serverValue: 'capacity 2, 0 booked' })
    expect(shown[1]?.replacedBy).toBeUndefined()
    await eventually(async () => expect(await phone.slot(slot.id)).toMatchObject({ maxBookings: 2 }))
    expect(await tablet.slot(slot.id)).toMatchObject({ maxBookings: 2 })

    // Applied again, the provider's latest intent is set on top of 2, and both devices show it.
    await phone.provider.applyAgain(shown[1] as ProviderChange)
    await phone.awaitInSync()
    await eventually(async () => expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 6 }))
    await eventually(async () => expect(await tablet.slot(slot.id)).toMatchObject({ maxBookings: 6 }))
    expect((await shownChanges(phone)).map((c) => [c.tried, c.replacedBy])).toEqual([
      [
        { kind: 'capacity', maxBookings: 5 },
        { kind: 'capacity', maxBookings: 6 },
      ],
    ])
  })

  it('capacity twice while another device blocked the slot: both capacities taken, the block kept', async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3 })
    const phone = await device(seed.providerB, 's2a')
    const tablet = await device(seed.providerB, 's2b')
    phone.goOffline()
    await firstPushLeaves(phone, () => phone.provider.setCapacity(slot.id, 5))
    await phone.provider.setCapacity(slot.id, 6)
    await tablet.provider.setBlocked(slot.id, true)
    await tablet.awaitInSync()

    expect(await reconnectAndSettle(phone)).toEqual([])
    // The answer to 5 carried the block, which the phone never had: the push of 6 does not undo it.
    const { rows } = await suite.server.db.query<{ blocked: boolean; max_bookings: number }>(
      'SELECT blocked, max_bookings FROM slots WHERE id = $1',
      [slot.id],
    )
    expect(rows[0]).toEqual({ blocked: true, max_bookings: 6 })
    await eventually(async () =>
      expect(await phone.slot(slot.id)).toMatchObject({ blocked: true, maxBookings: 6, pending: false }),
    )
    await eventually(async () =>
      expect(await tablet.slot(slot.id)).toMatchObject({ blocked: true, maxBookings: 6 }),
    )
  })
})

describe('bad pushed slot changes are refused as conflicts with a reason, nothing changed', () => {
  async function push(email: string, rows: unknown[]) {
    const response = await suite.server
      .api(await suite.server.signIn(email))
      .post('/api/replication/slots/push', rows)
    expect(response.status).toBe(200)
    return response.body as { id: string; refusal?: { code: string; message: string } }[]
  }

  /** The slot's replicated document as its provider pulls it (a bounded walk of the pull pages). */
  async function slotDocument(email: string, id: string) {
    const api = suite.server.api(await suite.server.signIn(email))
    let checkpoint: unknown = null
    for (let page = 0; page < 50; page++) {
      const query = new URLSearchParams({ batchSize: '1000' })
      if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint))
      const { body } = await api.get(`/api/replication/slots/pull?${query}`)
      const found = body.documents.find((d: { id: string }) => d.id === id)
      if (found) return found
      if (body.documents.length === 0) break
      checkpoint = body.checkpoint
    }
    throw new Error(`slot ${id} not in the pull`)
  }

  it("another provider's slot, capacity out of range, a start after its end", async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const doc = await slotDocument(seed.providerA.email, slot.id)
    const notMine = await push(seed.providerB.email, [
      { assumedMasterState: doc, newDocumentState: { ...doc, maxBookings: 1 } },
    ])
    expect(notMine[0]?.refusal).toMatchObject({ code: 'FORBIDDEN' })
    for (const maxBookings of [-1, 0, 1001]) {
      const answer = await push(seed.providerA.email, [
        { assumedMasterState: doc, newDocumentState: { ...doc, maxBookings } },
      ])
      expect(answer[0]?.refusal).toMatchObject({ code: 'VALIDATION_FAILED', field: 'maxBookings' })
    }
    const backwards = {
      ...doc,
      id: crypto.randomUUID(),
      rev: null,
      startTime: doc.endTime,
      endTime: doc.startTime,
    }
    const created = await push(seed.providerA.email, [
      { assumedMasterState: null, newDocumentState: backwards },
    ])
    expect(created[0]).toMatchObject({ _deleted: true, refusal: { code: 'VALIDATION_FAILED' } })
    expect(await serverSlot(slot.id)).toMatchObject({ max_bookings: 3, deleted: false })
    expect(await serverSlot(backwards.id)).toBeUndefined()
    // The provider's own three refused changes; another provider's push on the slot leaves no record
    // in its trail (test/integration/refusedPushAudit.test.ts).
    expect((await auditActions(slot.id)).filter((a) => a === 'slot.change_refused')).toHaveLength(3)
  })
})
