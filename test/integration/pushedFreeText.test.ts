/**
 * Text the server refuses, already on a device: a booking whose notes hold a control character (a
 * vertical tab Word leaves in pasted text) or a cancel reason with one, written to the device's
 * database as an older client (or one from before the rule) wrote it. Before, the server answered the
 * whole push 400 and RxDB sent it again and again: the device showed "1 change waiting" for good and
 * nothing it did later synced. Now the row is applied with the text cleaned
 * (server/replication/freeTextRepair.ts), the device lands on the stored text, and the form refuses
 * such text before it is written (client/data/bookingActions.ts).
 */
import { describe, expect, it } from 'vitest'
import type { BookingDoc } from '../../shared/replication.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'

const suite = deviceSuite()
const TYPED = 'Line one\u000bline two'
const STORED = 'Line one line two'

/** A PENDING booking as the device's booking action writes it, with `notes` as given. */
function localBooking(
  slot: { id: string; providerId: string; serviceId: string; startTime: string },
  customer: { id: string; name: string },
  notes: string,
): BookingDoc {
  const stamp = new Date().toISOString()
  return {
    id: crypto.randomUUID(),
    slotId: slot.id,
    providerId: slot.providerId,
    serviceId: slot.serviceId,
    customerId: customer.id,
    customerName: customer.name,
    reference: '',
    startTime: slot.startTime,
    status: 'PENDING',
    rejectionReason: null,
    declined: false,
    notes,
    createdAt: stamp,
    updatedAt: stamp,
    rev: null,
    localPending: true,
  }
}

describe('free text the server refuses, pushed from a device', () => {
  it('a booking with a control character in its notes is booked with them cleaned, and the device keeps syncing', async () => {
    const { seed, db } = suite.server
    const slot = await seed.createSlot({ maxBookings: 3, hoursFromNow: 30 })
    const other = await seed.createSlot({ maxBookings: 3, hoursFromNow: 31 })
    const customer = await seed.createCustomer()
    const statuses: number[] = []
    const phone = await suite.device(customer, 'pasted-notes', {
      wrapFetch: (fetch) => async (input, init) => {
        const response = await fetch(input, init)
        if (String(input instanceof Request ? input.url : input).includes('/bookings/push'))
          statuses.push(response.status)
        return response
      },
    })
    const view = await phone.slot(slot.id)
    if (!view) throw new Error('the slot is not on the device')
    const written = localBooking(view, customer, TYPED)
    await phone.db.bookings.insert(written)
    await eventually(async () => {
      const { rows } = await db.query<{ notes: string }>('SELECT notes FROM bookings WHERE id = $1', [
        written.id,
      ])
      expect(rows[0]?.notes).toBe(STORED)
    }, 20_000)
    await phone.awaitInSync(20_000)
    expect(await phone.booking(written.id)).toMatchObject({ notes: STORED })
    expect((await phone.booking(written.id))?.localPending).toBeFalsy()
    expect(statuses.filter((status) => status >= 400)).toEqual([])

    // A later booking on the same device goes through: nothing is stuck behind the first.
    const later = await phone.bookings.book(other.id, 'plain')
    await phone.awaitInSync(20_000)
    // The mark clears when the server's copy arrives: the pull the stream announces after the push,
    // which RxDB's awaitInSync does not wait for (it may resolve between the two under load).
    await eventually(async () => expect((await phone.booking(later.id))?.localPending).toBeFalsy(), 20_000)
    expect(phone.rejections.notices$.value).toEqual([])
  }, 60_000)

  it("a provider's cancel reason with a NUL is applied with it removed (it shows as nothing)", async () => {
    const { seed, db } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3, hoursFromNow: 40 })
    const customer = await suite.device(await seed.createCustomer(), 'nul-reason-customer')
    const booked = await customer.bookings.book(slot.id, '')
    await customer.awaitInSync(20_000)
    const phone = await suite.device(seed.providerA, 'nul-reason')
    await eventually(async () => expect(await phone.booking(booked.id)).not.toBeNull())
    const doc = await phone.db.bookings.findOne(booked.id).exec()
    await doc?.incrementalPatch({ status: 'CANCELLED', statusReason: 'ill\u0000today', localPending: true })
    await eventually(async () => {
      const { rows } = await db.query<{ status: string; status_reason: string }>(
        'SELECT status, status_reason FROM bookings WHERE id = $1',
        [booked.id],
      )
      expect(rows[0]).toEqual({ status: 'CANCELLED', status_reason: 'illtoday' })
    }, 20_000)
    await phone.awaitInSync(20_000)
    expect(await phone.booking(booked.id)).toMatchObject({ status: 'CANCELLED', statusReason: 'illtoday' })
    expect((await phone.booking(booked.id))?.localPending).toBeFalsy()
  }, 60_000)

  it("a provider's reason typed with invisible control characters is saved as the text they saw", async () => {
    const { seed, db } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3, hoursFromNow: 45 })
    const customer = await suite.device(await seed.createCustomer(), 'typed-reason-customer')
    const booked = await customer.bookings.book(slot.id, '')
    await customer.awaitInSync(20_000)
    const phone = await suite.device(seed.providerA, 'typed-reason')
    await eventually(async () => expect(await phone.booking(booked.id)).not.toBeNull())
    // Word's vertical tab and a form feed space words; a NUL and a BEL show as nothing; the line break stays.
    await phone.bookings.setStatus(booked.id, 'CANCELLED', 'Ill\u000btoday,\u000csorry\u0000\u0007\nTom')
    const typed = 'Ill today, sorry\nTom'
    expect(await phone.booking(booked.id)).toMatchObject({ status: 'CANCELLED', statusReason: typed })
    await eventually(async () => {
      const { rows } = await db.query<{ status_reason: string }>(
        'SELECT status_reason FROM bookings WHERE id = $1',
        [booked.id],
      )
      expect(rows[0]?.status_reason).toBe(typed)
    }, 20_000)
  }, 60_000)

  it("the device's own form cleans such notes before anything is written, as a provider's reason is", async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ maxBookings: 3, hoursFromNow: 50 })
    const customer = await seed.createCustomer()
    const phone = await suite.device(customer, 'form-check')
    // A vertical tab pasted from Word, which the customer cannot see to remove, is a space.
    const booking = await phone.bookings.book(slot.id, TYPED)
    expect(booking.notes).toBe(STORED)
    const stored = await phone.db.bookings.findOne(booking.id).exec()
    expect(stored?.toJSON().notes).toBe(STORED)
  }, 60_000)
})
