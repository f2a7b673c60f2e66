/**
 * Cancelling with the keyboard in real Chromium: the focus never falls back to the page's <body>.
 * In My bookings it moves to the next booking of the list (else the previous one, else the page's
 * heading); in the week, the booking dialog closes and the focus is back on the slot's card. "Keep"
 * on the confirmation gives the focus back to the cancel button.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  bookingCard,
  openMyBookings,
  slotCard,
  slotWeekHash,
  waitForBookingStatus,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 90_000

/** What has the keyboard focus: its test id, booking id or slot id, and the element's name. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement
    return {
      tag: element?.tagName.toLowerCase(),
      testId: element?.getAttribute('data-testid'),
      bookingId: element?.getAttribute('data-booking-id'),
      slotId: element?.getAttribute('data-slot-id'),
      text: element?.textContent,
    }
  })

describeInBrowser('the focus after cancelling a booking, in Chromium', () => {
  const suite = browserSuite()

  it('in My bookings: the next booking, then the previous one, then the heading; Keep returns to the button', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('focus-after-cancel')
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const slots = []
    for (const hours of [30, 31, 32]) {
      const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 2, hoursFromNow: hours })
      expect((await api.post('/api/bookings', { slotId: slot.id })).status).toBe(201)
      slots.push(slot)
    }
    const [first, second, third] = slots
    if (!first || !second || !third) throw new Error('three slots expected')
    const { page } = await suite.device(customer)
    await openMyBookings(page)
    for (const slot of slots) await waitForBookingStatus(page, slot.id, 'CONFIRMED')

    // "Keep": the question goes, the focus is back on the button that asked it.
    await bookingCard(page, first.id).getByTestId('cancel-booking').focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab') // from "Yes, cancel" to "Keep"
    await page.keyboard.press('Enter')
    expect(await focused(page)).toMatchObject({ testId: 'cancel-booking' })

    const cancelWithKeyboard = async (slotId: string) => {
      await bookingCard(page, slotId).getByTestId('cancel-booking').focus()
      await page.keyboard.press('Enter')
      await page.keyboard.press('Enter') // "Yes, cancel" has the focus
      await waitForBookingStatus(page, slotId, 'CANCELLED')
    }
    const upcomingCard = (slotId: string) =>
      page.getByTestId('upcoming-bookings').locator(`[data-slot-id="${slotId}"]`)

    // The first of three: the next one takes the focus.
    await cancelWithKeyboard(first.id)
    expect(await focused(page)).toMatchObject({ testId: 'booking-card', slotId: second.id })
    expect(await upcomingCard(second.id).count()).toBe(1)
    // The last one: the one before it.
    await cancelWithKeyboard(third.id)
    expect(await focused(page)).toMatchObject({ testId: 'booking-card', slotId: second.id })
    // The only one left: the page's heading, and the keyboard goes on from there.
    await cancelWithKeyboard(second.id)
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'My bookings' })
  })

  it('in the week: the dialog closes and the focus is on the slot again', { timeout: TEST_MS }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('focus-after-cancel-week')
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 30 })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    expect((await api.post('/api/bookings', { slotId: slot.id })).status).toBe(201)
    const { page } = await suite.device(customer, slotWeekHash(slot))
    const card = slotCard(page, slot.id)
    await card.getByTestId('own-booking').waitFor()

    await card.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByTestId('booking-dialog')
    await dialog.getByTestId('cancel-booking').focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => card.getByTestId('own-booking').count()).toBe(0)
    expect(await focused(page)).toMatchObject({ testId: 'slot-card', slotId: slot.id })
  })
})
