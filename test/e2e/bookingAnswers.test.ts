/**
 * What the customer is told about a booking, in real Chromium: no "Booked" before the server has
 * accepted it (with the server unreachable while the browser is online, the booking is said to be
 * saved on this device); a refusal ALREADY_BOOKED (two devices of one customer) is no failure toast;
 * a slot that fills while the booking dialog is open offers its waitlist and keeps the typed note;
 * the booking dialog's words and keyboard, and a slot the customer holds leading with their seat.
 */
import { TZDate } from '@date-fns/tz'
import type { Route } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  DEVICE_TIME_ZONE,
  bookSlot,
  openMyBookings,
  setDeviceOffline,
  slotCard,
  slotWeekHash,
  waitForBookingStatus,
  waitForRemaining,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { watchToasts } from '../helpers/watchToasts.js'

const TEST_MS = 90_000

const badGateway = (route: Route) => route.fulfill({ status: 502, body: 'Bad gateway' })

describeInBrowser('booking answers in Chromium', () => {
  const suite = browserSuite({ demo: true })

  it('says "Booked" only once the server accepted it; unanswered, says it is saved on this device', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    // Two slots of one day on the device (10:00 and 11:00 two days ahead), so one week shows both:
    // slots 54 and 55 hours ahead fell in two weeks (Sunday 23:39 and Monday 00:39 in Berlin) for a
    // run at 16:39 UTC on a Friday.
    const onDevice = (hour: number) => {
      const day = new TZDate(Date.now() + 2 * 86_400_000, DEVICE_TIME_ZONE)
      day.setHours(hour, 0, 0, 0)
      return new Date(day.getTime()).toISOString()
    }
    const first = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, startTime: onDevice(10) })
    const second = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: onDevice(11),
    })
    const { context, page } = await suite.device(seed.customerA, slotWeekHash(first))
    await waitForRemaining(page, first.id, 3)
    const toasts = await watchToasts(page)

    await bookSlot(page, first.id)
    await expect
      .poll(toasts, { timeout: 5_000 })
      .toEqual([expect.stringMatching(/^Booking .+…$/), expect.stringMatching(/^Booked .+\.$/)])
    await waitForSynced(page)

    // The browser is online but every request to the server fails.
    await context.route('**/api/**', badGateway)
    const before = (await toasts()).length
    const since = async () => (await toasts()).slice(before)
    await waitForRemaining(page, second.id, 3)
    await bookSlot(page, second.id)
    await waitForRemaining(page, second.id, 2, 1_000) // the seat still changes at once
    await expect
      .poll(since, { timeout: 5_000 })
      .toEqual([
        expect.stringMatching(/^Booking .+…$/),
        expect.stringMatching(/saved on this device — it will be sent when the server can be reached\.$/),
      ])
    // Reachable again: told once the server has taken it.
    await context.unroute('**/api/**', badGateway)
    await expect.poll(async () => (await since()).at(-1), { timeout: 30_000 }).toMatch(/^Booked .+\.$/)
    expect((await since()).filter((t) => t.startsWith('Booked'))).toHaveLength(1)
  })

  it('two devices of one customer book one slot offline: the loser is told it holds a seat, in no failure toast', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 33 })
    const first = await suite.device(seed.customerA, slotWeekHash(slot))
    const second = await suite.device(seed.customerA, slotWeekHash(slot))
    await waitForRemaining(first.page, slot.id, 3)
    await waitForRemaining(second.page, slot.id, 3)
    await setDeviceOffline(first.context, true)
    await setDeviceOffline(second.context, true)
    await bookSlot(first.page, slot.id)
    await bookSlot(second.page, slot.id)

    await setDeviceOffline(first.context, false)
    await openMyBookings(first.page)
    await waitForBookingStatus(first.page, slot.id, 'CONFIRMED', 20_000)

    const toasts = await watchToasts(second.page)
    await setDeviceOffline(second.context, false)
    await second.page
      .locator('[data-testid="rejection-notice"][data-seat-held="true"]')
      .waitFor({ timeout: 20_000 })
    await waitForSynced(second.page)
    await second.page.waitForTimeout(500)
    expect((await toasts()).filter((t) => t.includes('Not booked'))).toEqual([])
    expect(await second.page.getByTestId('toasts').textContent()).toBe('')
  })

  it('a slot that fills while the booking dialog is open offers its waitlist there and keeps the note', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 35 })
    const own = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 36 })
    const { page } = await suite.device(seed.customerA, slotWeekHash(slot))
    const other = suite.server.api(await suite.server.signIn(seed.customerB.email))
    await waitForRemaining(page, slot.id, 1)
    // Taking the last seat oneself never reads as "just filled", not even for a frame.
    await page.evaluate(() => {
      const seen = { filled: false }
      ;(window as unknown as { justFilled: typeof seen }).justFilled = seen
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="slot-just-filled"]')) seen.filled = true
      }).observe(document.body, { subtree: true, childList: true })
    })
    await bookSlot(page, own.id)
    await waitForRemaining(page, own.id, 0)
    expect(
      await page.evaluate(() => (window as unknown as { justFilled: { filled: boolean } }).justFilled.filled),
    ).toBe(false)

    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await dialog.getByTestId('booking-notes').fill('Left knee')
    const taken = await other.post('/api/bookings', { slotId: slot.id })
    expect(taken.status).toBe(201)
    const filled = dialog.getByTestId('slot-just-filled')
    await filled.waitFor({ timeout: 5_000 })
    expect(await filled.textContent()).toContain('another customer took the last seat')
    expect(await dialog.getByTestId('join-waitlist').isVisible()).toBe(true)

    // A seat frees again while it is open: the form is back with what was typed.
    expect((await other.patch(`/api/bookings/${taken.body.id}`, { status: 'CANCELLED' })).status).toBe(200)
    await dialog.getByTestId('confirm-booking').waitFor({ timeout: 5_000 })
    expect(await dialog.getByTestId('booking-notes').inputValue()).toBe('Left knee')

    expect((await other.post('/api/bookings', { slotId: slot.id })).status).toBe(201)
    await dialog.getByTestId('join-waitlist').click()
    await dialog.waitFor({ state: 'hidden' })
    // Said once the server has the entry (useChangeToast.ts), not at the local write.
    await expect
      .poll(() => page.getByTestId('toasts').textContent(), { timeout: 5_000 })
      .toContain('You joined the waitlist.')
  })

  it('the booking dialog says Close, not Cancel, and Tab goes round inside it; a held seat leads its card', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 37 })
    const { page } = await suite.device(seed.customerA, slotWeekHash(slot))
    await waitForRemaining(page, slot.id, 1)
    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('booking-dialog')
    const actions = dialog.locator('.form__actions button')
    expect(await actions.allTextContents()).toEqual(['Close', 'Book'])

    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement
        return el?.getAttribute('data-testid') ?? el?.getAttribute('aria-label') ?? el?.tagName ?? ''
      })
    await dialog.getByTestId('confirm-booking').focus()
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Close') // the × at the top, not <body>
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('confirm-booking')

    await dialog.getByTestId('confirm-booking').click()
    await dialog.waitFor({ state: 'hidden' })
    const card = slotCard(page, slot.id)
    await card.locator('[data-testid="own-booking"][data-status="CONFIRMED"]').waitFor({ timeout: 10_000 })
    await waitForSynced(page)
    expect(await card.getAttribute('data-state')).toBe('full')
    expect(await card.getByTestId('slot-state').count()).toBe(0)
    expect(await card.locator('.slot-card__footer').textContent()).toBe('✓ You are booked · confirmed')
  })
})
