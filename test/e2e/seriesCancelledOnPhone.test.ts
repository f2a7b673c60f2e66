/**
 * A weekly series cancelled week by week on a phone, in Chromium (a browser walk): each inline
 * confirmation on a booking card ("Cancel booking", "Cancel rest of series") wraps its question above
 * its buttons inside the card and never makes the page scroll sideways; and the series' outcome in My
 * bookings counts a week cancelled since apart and says "Cancelled" on it, without telling the series'
 * toast again.
 */
import type { Locator, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  bookingCard,
  openMyBookings,
  openSeriesForm,
  slotCard,
  slotWeekHash,
  waitForBookingStatus,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { watchToasts } from '../helpers/watchToasts.js'
import { weeklySlots } from '../helpers/weeklySlots.js'
import type { Slot } from '../../shared/schemas.js'

const TEST_MS = 150_000
const PHONE = 390
/** How long a change may take to reach the device on loopback before the test fails. */
const LIVE_MS = 10_000

/** How far the page is wider than the screen (0 when it does not scroll sideways). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

/** Opens `card`'s inline confirmation `testId`, checks it fits the phone, and returns it. */
async function openConfirm(page: Page, card: Locator, testId: string): Promise<Locator> {
  await card.getByTestId(testId).click()
  const confirm = card.locator('fieldset.confirm')
  await confirm.waitFor()
  expect(await sidewaysOverflow(page), testId).toBeLessThanOrEqual(0)
  // Inside the card, the question above its buttons.
  const [box, cardBox, question, yes] = await Promise.all([
    confirm.boundingBox(),
    card.boundingBox(),
    confirm.locator('legend').boundingBox(),
    card.getByTestId(`${testId}-confirm`).boundingBox(),
  ])
  if (!box || !cardBox || !question || !yes) throw new Error(`${testId}: not on screen`)
  expect(box.x + box.width, testId).toBeLessThanOrEqual(cardBox.x + cardBox.width + 0.5)
  expect(question.y + question.height, testId).toBeLessThanOrEqual(yes.y + 0.5)
  return confirm
}

describeInBrowser('a weekly series cancelled on a phone, in Chromium', () => {
  const suite = browserSuite()

  it('the confirmations fit the phone; the series counts a cancelled week apart and says so', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-cancel-phone')
    // Provider B confirms at once: both weeks are booked.
    const slots = await weeklySlots(seed, {
      weeks: 2,
      daysFromNow: 5.5,
      maxBookings: 2,
      provider: seed.providerB,
    })
    const [first, second] = slots as [Slot, Slot]
    const { page } = await suite.device(customer, slotWeekHash(first), { width: PHONE })
    const toasts = await watchToasts(page)

    await slotCard(page, first.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)
    await dialog.getByTestId('series-weeks').fill('2')
    await dialog.getByTestId('confirm-series').click()
    await expect
      .poll(() => dialog.getByTestId('series-outcome').locator('h3').textContent(), { timeout: LIVE_MS })
      .toBe('2 of 2 weeks booked')
    await expect.poll(toasts, { timeout: LIVE_MS }).toContain('2 of 2 weeks booked.')
    await dialog.getByRole('button', { name: 'Close' }).last().click()

    await openMyBookings(page)
    const outcome = page.getByTestId('queued-series').getByTestId('series-outcome')
    const title = () => outcome.locator('h3').textContent()
    const rows = () => outcome.getByTestId('outcome-row').allTextContents()
    await expect.poll(title).toBe('2 of 2 weeks booked')
    await waitForSynced(page)

    // Each inline confirmation of the first week's card fits the phone; "Keep" closes it.
    const firstCard = bookingCard(page, first.id)
    for (const testId of ['cancel-booking', 'cancel-rest-of-series']) {
      const confirm = await openConfirm(page, firstCard, testId)
      await confirm.getByRole('button', { name: 'Keep' }).click()
      await confirm.waitFor({ state: 'detached' })
    }

    // The second week is cancelled: the series says so, on its title and on that week.
    const secondCard = bookingCard(page, second.id)
    await openConfirm(page, secondCard, 'cancel-booking')
    await secondCard.getByTestId('cancel-booking-confirm').click()
    await waitForBookingStatus(page, second.id, 'CANCELLED', LIVE_MS)
    await expect.poll(title, { timeout: LIVE_MS }).toBe('1 of 2 weeks booked, 1 since cancelled')
    expect(await rows()).toEqual([expect.stringMatching(/: Booked$/), expect.stringMatching(/: Cancelled$/)])

    // The rest of the series from the first week: none stands.
    await openConfirm(page, firstCard, 'cancel-rest-of-series')
    await firstCard.getByTestId('cancel-rest-of-series-confirm').click()
    await waitForBookingStatus(page, first.id, 'CANCELLED', LIVE_MS)
    await expect.poll(title, { timeout: LIVE_MS }).toBe('0 of 2 weeks booked, 2 since cancelled')
    expect(await rows()).toEqual([
      expect.stringMatching(/: Cancelled$/),
      expect.stringMatching(/: Cancelled$/),
    ])
    await waitForSynced(page)
    // The series' toast was told once, when it was booked; the cancels are told as cancels.
    expect((await toasts()).filter((t) => t.includes('weeks booked'))).toEqual(['2 of 2 weeks booked.'])
  })
})
