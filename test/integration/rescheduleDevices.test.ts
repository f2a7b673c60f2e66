/**
 * Reschedule offline, through the web client's own data layer (RxDB, replication.ts with RxDB's own
 * loop) on a headless device: the move is a local write of the booking's slotId, pushed when the
 * device reconnects; the suite.server moves it, or (the new slot filled meanwhile) leaves it where it was,
 * lands the device back on that, and tells the user with a BOOKING_NOT_MOVED notification; so too
 * when another device of the customer cancelled the booking meanwhile.
 * One device at a time, two at most (four collections each; RxDB's free build allows thirteen per process).
 */
import { describe, expect, it } from 'vitest'
import { errorMessages } from '../../shared/errors.js'
import { type NotificationDoc, notificationText } from '../../shared/notifications.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import { eventually } from '../helpers/eventually.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import type { TestUser } from '../helpers/testServer.js'

const suite = deviceSuite()
const device = (user: TestUser, name: string) => suite.device(user, name, { inSync: false })

async function serverBooking(user: TestUser, id: string) {
  return (await suite.server.api(await suite.server.signIn(user.email)).get(`/api/bookings/${id}`)).body
}

/** The device's BOOKING_NOT_MOVED notification with this reason, once it has arrived. */
async function notMoved(phone: Awaited<ReturnType<typeof device>>, reason: string): Promise<NotificationDoc> {
  return eventually(async () => {
    const docs = (await phone.db.notifications.find().exec()).map((d) => d.toJSON() as NotificationDoc)
    const found = docs.find((n) => n.kind === 'BOOKING_NOT_MOVED' && n.reason === reason)
    expect(found).toBeDefined()
    return found as NotificationDoc
  })
}

/** Two slots, a customer's booking of the first made on the laptop, and the phone holding it too. */
async function bookedOnTwoDevices(name: string) {
  const [from, to] = [await suite.server.seed.createSlot(), await suite.server.seed.createSlot()]
  const customer = await suite.server.seed.createCustomer(name)
  const [laptop, phone] = [await device(customer, 'laptop'), await device(customer, 'phone')]
  await laptop.awaitInSync()
  const booking = await laptop.bookings.book(from.id, '')
  await laptop.awaitInSync()
  // booking() answers null, not undefined, for a booking the device does not have yet.
  await eventually(async () => expect(await phone.booking(booking.id)).not.toBeNull())
  return { from, to, customer, laptop, phone, booking }
}

describe('reschedule on a device', () => {
  it('a move made offline is carried out when the device reconnects', async () => {
    const [from, to] = [await suite.server.seed.createSlot(), await suite.server.seed.createSlot()]
    const customer = await suite.server.seed.createCustomer('mover')
    const phone = await device(customer, 'mover')
    await phone.awaitInSync()
    const booking = await phone.bookings.book(from.id, '')
    await phone.awaitInSync()

    phone.goOffline()
    await phone.bookings.reschedule(booking.id, to.id)
    expect((await phone.booking(booking.id))?.slotId).toBe(to.id)
    phone.goOnline()
    await phone.awaitInSync()

    expect(await serverBooking(customer, booking.id)).toMatchObject({
      slotId: to.id,
      startTime: to.startTime,
    })
    await eventually(async () => expect((await phone.booking(booking.id))?.localPending).toBeFalsy())
    // The two slots' new counters come with the slots' pull, which may follow the booking's (CI saw the
    // old slot still at 1 for a moment under load): both land.
    await eventually(async () => {
      expect((await phone.slot(from.id))?.displayedBookings).toBe(0)
      expect((await phone.slot(to.id))?.displayedBookings).toBe(1)
    })
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('a move to a slot that filled while the device was offline lands back on the old slot, with the reason', async () => {
    const [from, to] = [
      await suite.server.seed.createSlot(),
      await suite.server.seed.createSlot({ maxBookings: 1 }),
    ]
    const customer = await suite.server.seed.createCustomer('late-mover')
    const phone = await device(customer, 'late-mover')
    await phone.awaitInSync()
    const booking = await phone.bookings.book(from.id, '')
    await phone.awaitInSync()

    phone.goOffline()
    await phone.bookings.reschedule(booking.id, to.id)
    const rival = await suite.server.seed.createCustomer('rival')
    expect(
      (
        await suite.server
          .api(await suite.server.signIn(rival.email))
          .post('/api/bookings', { slotId: to.id })
      ).status,
    ).toBe(201)
    phone.goOnline()
    await phone.awaitInSync()

    expect(await serverBooking(customer, booking.id)).toMatchObject({ slotId: from.id, status: 'PENDING' })
    await eventually(async () => expect((await phone.booking(booking.id))?.slotId).toBe(from.id))
    const told = await eventually(async () => {
      const docs = (await phone.db.notifications.find().exec()).map((d) => d.toJSON() as NotificationDoc)
      const notMoved = docs.find((n) => n.kind === 'BOOKING_NOT_MOVED')
      expect(notMoved).toBeDefined()
      return notMoved
    })
    expect(told).toMatchObject({ bookingId: booking.id, reason: 'SLOT_FULL' })
    expect((await phone.slot(from.id))?.displayedBookings).toBe(1)
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('a move made offline on a booking another device cancelled meanwhile is not made, and the device is told why', async () => {
    const { from, to, customer, laptop, phone, booking } = await bookedOnTwoDevices('two-minds')

    laptop.goOffline()
    phone.goOffline()
    await laptop.bookings.setStatus(booking.id, 'CANCELLED')
    await phone.bookings.reschedule(booking.id, to.id)
    laptop.goOnline()
    await laptop.awaitInSync()
    phone.goOnline()
    await phone.awaitInSync()

    expect(await serverBooking(customer, booking.id)).toMatchObject({ slotId: from.id, status: 'CANCELLED' })
    await eventually(async () =>
      expect(await phone.booking(booking.id)).toMatchObject({ slotId: from.id, status: 'CANCELLED' }),
    )
    const told = await notMoved(phone, 'BOOKING_CANCELLED')
    expect(told.bookingId).toBe(booking.id)
    expect(notificationText(told, (iso) => iso)).toContain('cancelled (on another of your devices')
    expect((await phone.slot(to.id))?.displayedBookings).toBe(0)
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('a cancel made offline on a booking another device moved meanwhile is not carried over to the new time', async () => {
    const { to, customer, laptop, phone, booking } = await bookedOnTwoDevices('cancel-then-moved')

    // The laptop cancels the booking at its old time, offline; the phone moves it, online.
    laptop.goOffline()
    await laptop.bookings.setStatus(booking.id, 'CANCELLED')
    await phone.bookings.reschedule(booking.id, to.id)
    await phone.awaitInSync()
    expect(await serverBooking(customer, booking.id)).toMatchObject({ slotId: to.id, status: 'PENDING' })
    laptop.goOnline()
    await laptop.awaitInSync()

    // The cancel was of the old time: the moved booking stands, on the server and on both devices.
    expect(await serverBooking(customer, booking.id)).toMatchObject({ slotId: to.id, status: 'PENDING' })
    for (const device of [laptop, phone])
      await eventually(async () =>
        expect(await device.booking(booking.id)).toMatchObject({ slotId: to.id, status: 'PENDING' }),
      )
    await eventually(async () => expect((await laptop.booking(booking.id))?.localPending).toBeFalsy())
    expect((await laptop.slot(to.id))?.displayedBookings).toBe(1)
    // The laptop is told its cancel was not made, and where the booking stands.
    const told = await eventually(async () => {
      const docs = (await laptop.db.notifications.find().exec()).map((d) => d.toJSON() as NotificationDoc)
      const notChanged = docs.filter((n) => n.kind === 'BOOKING_NOT_CHANGED')
      expect(notChanged).toHaveLength(1)
      return notChanged[0] as NotificationDoc
    })
    expect(told).toMatchObject({ bookingId: booking.id, slotId: to.id, startTime: to.startTime })
    expect(notificationText(told, (iso) => iso)).toContain(`moved to another time on ${to.startTime}`)
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it('a move made offline of a booking another device moved elsewhere meanwhile is told, not dropped', async () => {
    const { to, customer, laptop, phone, booking } = await bookedOnTwoDevices('moved-twice')
    const elsewhere = await suite.server.seed.createSlot()
    await eventually(async () => expect(await laptop.slot(elsewhere.id)).toBeTruthy())

    // The laptop moves the booking offline; the phone moves it elsewhere, online, first.
    laptop.goOffline()
    await laptop.bookings.reschedule(booking.id, elsewhere.id)
    await phone.bookings.reschedule(booking.id, to.id)
    await phone.awaitInSync()
    laptop.goOnline()
    await laptop.awaitInSync()

    // The later move stands; the laptop lands on it and is told its own move was not made, and why.
    expect(await serverBooking(customer, booking.id)).toMatchObject({ slotId: to.id })
    await eventually(async () => expect(await laptop.booking(booking.id)).toMatchObject({ slotId: to.id }))
    const told = await notMoved(laptop, 'BOOKING_MOVED_ELSEWHERE')
    expect(told.bookingId).toBe(booking.id)
    expect(notificationText(told, (iso) => iso)).toContain('already been moved to another time')
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })

  it("a move into a slot the customer already holds, or to another service's slot, lands back on the old slot, with the reason", async () => {
    const backCare = await suite.server.seed.createService('Back-care group class')
    const [from, held, other] = [
      await suite.server.seed.createSlot(),
      await suite.server.seed.createSlot({ maxBookings: 8 }),
      await suite.server.seed.createSlot({ service: backCare, maxBookings: 8 }),
    ]
    const customer = await suite.server.seed.createCustomer('double-holder')
    const phone = await device(customer, 'double-holder')
    await phone.awaitInSync()
    const holding = await phone.bookings.book(held.id, '')
    const booking = await phone.bookings.book(from.id, '')
    await phone.awaitInSync()

    for (const [target, reason] of [
      [held, 'RESCHEDULE_ALREADY_BOOKED'],
      [other, 'RESCHEDULE_OTHER_SERVICE'],
    ] as const) {
      await phone.bookings.reschedule(booking.id, target.id)
      await phone.awaitInSync()

      expect(await serverBooking(customer, booking.id)).toMatchObject({
        slotId: from.id,
        serviceId: from.serviceId,
        startTime: from.startTime,
        status: 'PENDING',
      })
      await eventually(async () =>
        expect(await phone.booking(booking.id)).toMatchObject({
          slotId: from.id,
          serviceId: from.serviceId,
          startTime: from.startTime,
        }),
      )
      const told = await notMoved(phone, reason)
      expect(told.bookingId).toBe(booking.id)
      expect(notificationText(told, (iso) => iso)).toContain(errorMessages[reason])
    }
    expect(await serverBooking(customer, holding.id)).toMatchObject({ slotId: held.id, status: 'PENDING' })
    expect((await phone.slot(held.id))?.displayedBookings).toBe(1)
    expect((await phone.slot(other.id))?.displayedBookings).toBe(0)
    await eventually(async () => expect((await phone.slot(from.id))?.displayedBookings).toBe(1))
    expect(await counterMismatches(suite.server.db)).toEqual([])
  })
})
