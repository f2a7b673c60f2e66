/**
 * A cancel made offline on a booking that another of the customer's devices moved meanwhile, in real
 * Chromium: the server does not make it (the cancel was of the old time), and the device that made it
 * tells so with where the booking stands, in a toast and on the booking's card, which keeps the note
 * after a reload until it is dismissed (a walk read only "The booking was not cancelled: it is shown as
 * the server has it.", and after a reload nothing; the customer would not have come).
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { openMyBookings, setDeviceOffline, slotCard, slotWeekHash } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { watchToasts } from '../helpers/watchToasts.js'

const TEST_MS = 120_000
/** Long enough for the replication's retry after reconnecting and the pull of its answers. */
const RECOVERY_MS = 30_000
const NOT_CANCELLED =
  /^Not cancelled: the booking was moved to .+ on another of your devices \(or by the provider\); it is still booked\.$/

const cardOf = (page: Page, bookingId: string) =>
  page.locator(`[data-testid="booking-card"][data-booking-id="${bookingId}"]`)

describeInBrowser('a cancel of a booking moved meanwhile, in Chromium', () => {
  const suite = browserSuite()

  it('is told as not made, with where the booking stands, in a toast and on its card after a reload', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('not-cancelled')
    const from = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 44, maxBookings: 4 })
    const to = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 46, maxBookings: 4 })
    const laptop = suite.server.api(await suite.server.signIn(customer.email))
    const booking = (await laptop.post('/api/bookings', { slotId: from.id })).body as { id: string }
    const { context, page } = await suite.device(customer, slotWeekHash(from))
    await slotCard(page, from.id).waitFor()
    await openMyBookings(page)
    const card = cardOf(page, booking.id)
    await card.waitFor()
    const seen = await watchToasts(page)

    // The phone cancels offline; the laptop moves the booking meanwhile.
    await setDeviceOffline(context, true)
    await card.getByTestId('cancel-booking').click()
    await card.getByTestId('cancel-booking-confirm').click()
    expect((await laptop.post(`/api/bookings/${booking.id}/reschedule`, { slotId: to.id })).status).toBe(200)
    await setDeviceOffline(context, false)

    // Told with the reason and where the booking stands, in a toast and on the card.
    await expect
      .poll(seen, { timeout: RECOVERY_MS })
      .toEqual(expect.arrayContaining([expect.stringMatching(NOT_CANCELLED)]))
    const note = card.getByTestId('not-cancelled-reason')
    await note.waitFor({ timeout: RECOVERY_MS })
    expect(await note.textContent()).toMatch(NOT_CANCELLED)
    expect(await card.getAttribute('data-slot-id')).toBe(to.id)
    expect(await note.textContent()).toContain(
      (await card.locator('.booking-card__when').textContent())?.split('–')[0],
    )

    // The note is derived from what the device holds: a reload keeps it, until it is dismissed.
    await page.reload()
    await note.waitFor()
    expect(await note.textContent()).toMatch(NOT_CANCELLED)
    await card.getByTestId('dismiss-not-cancelled').click()
    await expect.poll(() => note.count()).toBe(0)
  })
})
