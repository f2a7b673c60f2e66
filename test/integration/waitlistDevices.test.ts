/**
 * The waitlist and the notification feed through the web client's own data layer (RxDB on Dexie,
 * replication, the stream), on headless devices. Each device opens four collections and RxDB's free
 * build allows thirteen per process, so at most three devices are open at once and each test closes
 * its own.
 */
import { describe, expect, it } from 'vitest'
import { notificationActions } from '../../client/data/notificationActions.js'
import { waitlistActions } from '../../client/data/waitlistActions.js'
import type { NotificationDoc } from '../../shared/notifications.js'
import type { WaitlistDoc } from '../../shared/waitlist.js'
import { deviceSuite } from '../helpers/deviceSuite.js'
import type { TestUser } from '../helpers/testServer.js'

const suite = deviceSuite()
const device = (user: TestUser, name: string) => suite.device(user, name, { inSync: false })

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('waitlist on devices', () => {
  it('an offline join of a slot that has a free seat by the time it syncs books that seat', async () => {
    const slot = await suite.server.seed.createSlot({ maxBookings: 1 })
    const holder = await suite.server.seed.createCustomer('holder')
    const holderApi = suite.server.api(await suite.server.signIn(holder.email))
    const held = await holderApi.post('/api/bookings', { slotId: slot.id })
    const customer = await suite.server.seed.createCustomer('offline-waiter')
    const phone = await device(customer, 'offline-waiter')
    await phone.awaitInSync()
    expect((await phone.slot(slot.id))?.state).toBe('full')

    phone.goOffline()
    const entryId = await waitlistActions(phone.db, phone.session).join(slot.id)
    // Meanwhile, online, the seat frees and nobody waits on the suite.server: it stays free.
    await holderApi.patch(`/api/bookings/${held.body.id}`, { status: 'CANCELLED' })
    phone.goOnline()
    await phone.awaitInSync()

    const entry = await until(
      async () => (await phone.db.waitlist.findOne(entryId).exec())?.toJSON() as WaitlistDoc | undefined,
      (doc) => doc?.status === 'BOOKED',
    )
    expect(entry).toMatchObject({ status: 'BOOKED', position: null, bookingId: expect.any(String) })
    const booking = await until(
      () => phone.booking(entry?.bookingId ?? ''),
      (b) => b !== null,
    )
    expect(booking).toMatchObject({ customerId: customer.id, slotId: slot.id, status: 'PENDING' })
    const view = await until(
      () => phone.slot(slot.id),
      (s) => s?.displayedBookings === 1,
    )
    expect(view).toMatchObject({ currentBookings: 1, state: 'full' })
  })

  it('an offline join of a slot still full waits with its position; the device of the next waiter sees the promotion live', async () => {
    const slot = await suite.server.seed.createSlot({ maxBookings: 1, provider: suite.server.seed.providerB })
    const holder = await suite.server.seed.createCustomer('holder-2')
    const holderApi = suite.server.api(await suite.server.signIn(holder.email))
    const held = await holderApi.post('/api/bookings', { slotId: slot.id })
    const first = await suite.server.seed.createCustomer('first')
    const firstApi = suite.server.api(await suite.server.signIn(first.email))
    await firstApi.post(`/api/slots/${slot.id}/waitlist`, {})
    const customer = await suite.server.seed.createCustomer('second')
    const phone = await device(customer, 'second-phone')
    const laptop = await device(customer, 'second-laptop')
    await Promise.all([phone.awaitInSync(), laptop.awaitInSync()])

    phone.goOffline()
    const entryId = await waitlistActions(phone.db, phone.session).join(slot.id)
    phone.goOnline()
    const waiting = await until(
      async () => (await laptop.db.waitlist.findOne(entryId).exec())?.toJSON() as WaitlistDoc | undefined,
      (doc) => doc?.status === 'WAITING' && doc.position === 2,
    )
    expect(waiting?.position).toBe(2)

    // The first waiter leaves: the laptop's entry moves up without a pull being asked for.
    const firstEntry = (await firstApi.get(`/api/waitlist?slotId=${slot.id}`)).body[0]
    await firstApi.delete(`/api/waitlist/${firstEntry.id}`)
    await until(
      async () => (await laptop.db.waitlist.findOne(entryId).exec())?.position,
      (position) => position === 1,
    )

    await holderApi.patch(`/api/bookings/${held.body.id}`, { status: 'CANCELLED' })
    const promoted = await until(
      async () => (await laptop.db.waitlist.findOne(entryId).exec())?.toJSON() as WaitlistDoc | undefined,
      (doc) => doc?.status === 'PROMOTED',
    )
    // providerB auto-confirms: the seat is confirmed at once
    expect(
      await until(
        () => laptop.booking(promoted?.bookingId ?? ''),
        (b) => b?.status === 'CONFIRMED',
      ),
    ).toBeTruthy()
    const notification = await until(
      async () => (await laptop.db.notifications.find({ selector: { kind: 'WAITLIST_PROMOTED' } }).exec())[0],
      (doc) => doc !== undefined,
    )
    expect(notification?.readAt).toBeNull()

    // Marked read on the laptop: the phone shows it read too.
    await notificationActions(laptop.db).markRead(notification?.id ?? '')
    await until(
      async () =>
        (
          (await phone.db.notifications.findOne(notification?.id ?? '').exec())?.toJSON() as
            | NotificationDoc
            | undefined
        )?.readAt,
      (readAt) => typeof readAt === 'string',
    )
  })
})
