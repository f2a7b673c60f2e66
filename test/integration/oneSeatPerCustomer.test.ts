/**
 * One customer holds at most one seat of a slot (invariant 12, docs/INVARIANTS.md): a second booking
 * of the same slot is refused ALREADY_BOOKED over REST, in concurrent requests (which the REST route
 * gathers into one statement: seatBatcher.ts), in one push batch, and from two of the customer's
 * devices that booked it offline, through the web client's own data layer and replication loop; the
 * device whose booking lost lands on REJECTED with the reason. Seats stay counted exactly.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../shared/errors.js'
import type { Booking } from '../../shared/schemas.js'
import type { Queryable } from '../../server/db/database.js'
import { createBooking } from '../../server/domain/bookings.js'
import { pushDocuments } from '../../server/replication/pushDocuments.js'
import { replicatedCollections } from '../../server/replication/collections.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { onRealPostgres } from '../helpers/testDatabase.js'

const suite = deviceSuite()

async function activeBookingsOf(customerId: string, slotId: string): Promise<string[]> {
  const { rows } = await suite.server.db.query<{ id: string }>(
    `SELECT id FROM bookings
     WHERE customer_id = $1 AND slot_id = $2 AND status IN ('PENDING', 'CONFIRMED') AND NOT deleted`,
    [customerId, slotId],
  )
  return rows.map((r) => r.id)
}

async function seatsTaken(slotId: string): Promise<number> {
  const { rows } = await suite.server.db.query<{ n: number }>(
    'SELECT current_bookings AS n FROM slots WHERE id = $1',
    [slotId],
  )
  return rows[0]?.n ?? -1
}

describe('one seat per customer per slot', () => {
  it('a second booking of the same slot is refused ALREADY_BOOKED and changes nothing; after a cancel the customer may book again', async () => {
    const slot = await suite.server.seed.createSlot({ maxBookings: 5 })
    const customer = await suite.server.seed.createCustomer('twice')
    const api = suite.server.api(await suite.server.signIn(customer.email))

    const first = await api.post<{ id: string }>('/api/bookings', { slotId: slot.id })
    expect(first.status).toBe(201)
    const second = await api.post('/api/bookings', { id: randomUUID(), slotId: slot.id, notes: 'again' })
    expect(second.status).toBe(409)
    expect(second.body).toMatchObject({
      code: 'ALREADY_BOOKED',
      message: 'You already hold a seat in this slot.',
      details: { slotId: slot.id },
    })
    expect(await seatsTaken(slot.id)).toBe(1)
    expect(await activeBookingsOf(customer.id, slot.id)).toEqual([first.body.id])

    // Another customer is not affected.
    const other = await suite.server.seed.createCustomer('other')
    const theirs = await suite.server.api(await suite.server.signIn(other.email)).post('/api/bookings', {
      slotId: slot.id,
    })
    expect(theirs.status).toBe(201)

    expect((await api.patch(`/api/bookings/${first.body.id}`, { status: 'CANCELLED' })).status).toBe(200)
    const again = await api.post('/api/bookings', { slotId: slot.id })
    expect(again.status).toBe(201)
    expect(await seatsTaken(slot.id)).toBe(2)
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('concurrent bookings of one slot by the same customers: one seat each, whatever arrives together', async () => {
    const slot = await suite.server.seed.createSlot({ maxBookings: 10 })
    const customers = await Promise.all(['c1', 'c2', 'c3'].map((n) => suite.server.seed.createCustomer(n)))
    const apis = await Promise.all(
      customers.map(async (c) => suite.server.api(await suite.server.signIn(c.email))),
    )
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (apis[i % apis.length] as (typeof apis)[number]).post<{ code?: string }>('/api/bookings', {
          slotId: slot.id,
        }),
      ),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3)
    const refused = answers.filter((a) => a.status !== 201)
    expect(refused.map((a) => [a.status, a.body.code])).toEqual(Array(21).fill([409, 'ALREADY_BOOKED']))
    for (const customer of customers) expect(await activeBookingsOf(customer.id, slot.id)).toHaveLength(1)
    expect(await seatsTaken(slot.id)).toBe(3)
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  // The race only the unique index settles: a second booking statement waits for the slot's lock,
  // which the first one's transaction holds, and its snapshot, taken before, cannot see the booking
  // committed meanwhile. PGlite runs one statement at a time, so only real PostgreSQL can race.
  it.runIf(onRealPostgres)(
    'a booking statement that waited for the slot while the same customer booked it is refused ALREADY_BOOKED',
    async () => {
      const slot = await suite.server.seed.createSlot({ maxBookings: 10 })
      const customer = await suite.server.seed.createCustomer('racer')
      const actor = { userId: customer.id, role: 'customer' as const }
      const book = (db: Queryable) =>
        createBooking(db, actor, { id: randomUUID(), slotId: slot.id, notes: '' })
      let second: Promise<Outcome<Booking>> | undefined
      const first = await suite.server.db.transaction(async (tx) => {
        const booked = await book(tx)
        // On another connection, while this transaction holds the slot's row lock.
        second = book(suite.server.db)
        await new Promise((resolve) => setTimeout(resolve, 300))
        return booked
      })
      expect(first.ok).toBe(true)
      const late = await (second as Promise<Outcome<Booking>>)
      expect(late.ok ? 'booked' : late.refusal.code).toBe('ALREADY_BOOKED')
      expect(await activeBookingsOf(customer.id, slot.id)).toHaveLength(1)
      expect(await seatsTaken(slot.id)).toBe(1)
    },
  )

  it('in one push batch (an older client), the second row of a slot is stored REJECTED ALREADY_BOOKED', async () => {
    const slot = await suite.server.seed.createSlot({ maxBookings: 5 })
    const customer = await suite.server.seed.createCustomer('batch')
    const rows = [newBookingDoc(slot, customer.id), newBookingDoc(slot, customer.id)].map((doc) => ({
      assumedMasterState: null,
      newDocumentState: doc,
    }))
    const { conflicts, malformed } = await pushDocuments(
      suite.server.db,
      { userId: customer.id, role: 'customer' },
      replicatedCollections.bookings,
      rows,
    )
    expect(malformed).toEqual([])
    expect(conflicts).toEqual([
      expect.objectContaining({
        id: rows[1]?.newDocumentState.id,
        status: 'REJECTED',
        rejectionReason: 'ALREADY_BOOKED',
      }),
    ])
    expect(await activeBookingsOf(customer.id, slot.id)).toEqual([rows[0]?.newDocumentState.id])
    expect(await seatsTaken(slot.id)).toBe(1)
  })

  it('two devices of one customer book the same slot offline: one seat is kept, the other device lands on the refusal', async () => {
    const slot = await suite.server.seed.createSlot({ maxBookings: 5 })
    const customer = await suite.server.seed.createCustomer('two-phones')
    const [laptop, phone] = [
      await suite.device(customer, 'laptop', { inSync: false }),
      await suite.device(customer, 'phone', { inSync: false }),
    ]
    await laptop.awaitInSync()
    await phone.awaitInSync()

    laptop.goOffline()
    phone.goOffline()
    const onLaptop = await laptop.bookings.book(slot.id, 'from the laptop')
    const onPhone = await phone.bookings.book(slot.id, 'from the phone')
    laptop.goOnline()
    await laptop.awaitInSync()
    phone.goOnline()
    await phone.awaitInSync()

    expect(await activeBookingsOf(customer.id, slot.id)).toEqual([onLaptop.id])
    expect(await seatsTaken(slot.id)).toBe(1)
    for (const device of [laptop, phone]) {
      await eventually(async () => {
        expect(await device.booking(onPhone.id)).toMatchObject({
          status: 'REJECTED',
          rejectionReason: 'ALREADY_BOOKED',
        })
        expect((await device.booking(onLaptop.id))?.status).toBe('PENDING')
        expect((await device.slot(slot.id))?.displayedBookings).toBe(1)
      })
    }
    // The phone tells its user why (the refusal feed the app shows).
    await eventually(async () =>
      expect(phone.rejections.notices$.value.map((n) => [n.booking.id, n.reason])).toContainEqual([
        onPhone.id,
        'ALREADY_BOOKED',
      ]),
    )
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('a device refuses a second booking of a slot it shows the customer holding, before any request', async () => {
    const slot = await suite.server.seed.createSlot({ maxBookings: 5 })
    const customer = await suite.server.seed.createCustomer('double-tap')
    const phone = await suite.device(customer, 'phone', { inSync: false })
    await phone.awaitInSync()
    phone.goOffline()
    await phone.bookings.book(slot.id, '')
    await expect(phone.bookings.book(slot.id, '')).rejects.toMatchObject({ code: 'ALREADY_BOOKED' })
    expect(await phone.db.bookings.find({ selector: { slotId: slot.id } }).exec()).toHaveLength(1)
  })
})
