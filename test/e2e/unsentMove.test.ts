/**
 * A move made offline, in real Chromium (the customer's walk on a phone): until the server answers,
 * the booking's card shows the time the customer holds, with the move as not sent yet, and the week
 * does not show the new slot as a confirmed booking; a move the server refuses when the device is
 * back online (the new slot filled meanwhile; the booking cancelled on another device) is told in a
 * toast with its reason, not only in My bookings.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { openMyBookings, setDeviceOffline, slotCard, slotWeekHash } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { watchToasts } from '../helpers/watchToasts.js'

const TEST_MS = 120_000
/** Long enough for the replication's retry after reconnecting and the pull of its answers. */
const RECOVERY_MS = 30_000

const cardOf = (page: Page, bookingId: string) =>
  page.locator(`[data-testid="booking-card"][data-booking-id="${bookingId}"]`)

async function moveTo(page: Page, bookingId: string, slotId: string): Promise<void> {
  await cardOf(page, bookingId).getByTestId('reschedule-booking').click()
  const dialog = page.getByTestId('reschedule-dialog')
  await dialog.locator(`[data-testid="reschedule-option"][data-slot-id="${slotId}"] input`).check()
  await dialog.getByTestId('confirm-reschedule').click()
  await dialog.waitFor({ state: 'hidden' })
}

describeInBrowser('a move not sent yet, in Chromium', () => {
  const suite = browserSuite()

  it('keeps the time held on the card until the server answers, and tells a refused move in a toast with its reason', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('unsent-move')
    const held = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 44, maxBookings: 4 })
    const other = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 46, maxBookings: 4 })
    const target = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 45, maxBookings: 1 })
    const free = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 47, maxBookings: 4 })
    const laptop = suite.server.api(await suite.server.signIn(customer.email))
    const filling = (await laptop.post('/api/bookings', { slotId: held.id })).body as { id: string }
    const cancelled = (await laptop.post('/api/bookings', { slotId: other.id })).body as { id: string }
    const { context, page } = await suite.device(customer, slotWeekHash(target))
    await slotCard(page, target.id).waitFor()
    await openMyBookings(page)
    const when = cardOf(page, filling.id).locator('.booking-card__when')
    await when.waitFor()
    const heldTime = await when.textContent()
    const seen = await watchToasts(page)

    await setDeviceOffline(context, true)
    await moveTo(page, filling.id, target.id)
    await moveTo(page, cancelled.id, free.id)
    // Only this device has the move: the card shows the time the customer holds, and where it moves.
    const moving = cardOf(page, filling.id).getByTestId('unsent-move')
    await moving.waitFor()
    expect(await moving.textContent()).toMatch(
      /^Moving to .+: you keep this time until the move is confirmed\.$/,
    )
    expect(await moving.getAttribute('data-slot-id')).toBe(held.id)
    expect(await when.textContent()).toBe(heldTime)
    // The week does not show the new slot as a booking confirmed there.
    await page.evaluate((hash) => {
      location.hash = hash
    }, slotWeekHash(target))
    expect(await slotCard(page, target.id).getByTestId('own-booking').textContent()).toBe(
      'Your booking moves here once the move is confirmed',
    )
    await openMyBookings(page)

    // Meanwhile another customer takes the new slot's last seat, and the laptop cancels the other booking.
    const rival = suite.server.api(
      await suite.server.signIn((await seed.createCustomer('unsent-rival')).email),
    )
    expect((await rival.post('/api/bookings', { slotId: target.id })).status).toBe(201)
    expect((await laptop.patch(`/api/bookings/${cancelled.id}`, { status: 'CANCELLED' })).status).toBe(200)
    await setDeviceOffline(context, false)

    // Each refusal is told, with its reason.
    await expect
      .poll(seen, { timeout: RECOVERY_MS })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Not moved: the slot is fully booked\. Your booking keeps its time; it was not moved to .+\.$/,
          ),
          'Not moved: the booking had been cancelled (on another of your devices, or by the provider).',
        ]),
      )
    // The card is as the server has it: the time it held, nothing waiting.
    await expect.poll(() => cardOf(page, filling.id).getByTestId('unsent-move').count()).toBe(0)
    expect(await when.textContent()).toBe(heldTime)
    expect(await cardOf(page, filling.id).getAttribute('data-slot-id')).toBe(held.id)
  })
})
