/**
 * The notifications panel (the header's bell) in real Chromium: Escape closes it and gives the focus
 * back to the bell; a click outside, a navigation or a dialog closes it; on a phone (390 and 320 px
 * wide) it lies inside the viewport, and there and on a laptop its "Notify me…" offer wraps inside it
 * instead of sticking out. A notification, pressed, is marked read and opens what it is about: the
 * booking in My bookings, shown and focused.
 */
import type { Locator, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { bookingCard, openMyBookings, slotWeekHash, waitForSynced } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 90_000

/** Headless Chromium may answer "denied"; the offer shows only while the permission is undecided. */
const UNDECIDED_PERMISSION = () => {
  Object.defineProperty(Notification, 'permission', { get: () => 'default', configurable: true })
}

const bell = (page: Page) => page.getByTestId('notification-bell')
const panel = (page: Page) => page.getByTestId('notification-list')

async function openPanel(page: Page): Promise<Locator> {
  await bell(page).click()
  await panel(page).waitFor()
  expect(await bell(page).getAttribute('aria-expanded')).toBe('true')
  return panel(page)
}

async function expectClosed(page: Page): Promise<void> {
  await panel(page).waitFor({ state: 'detached' })
  expect(await bell(page).getAttribute('aria-expanded')).toBe('false')
}

describeInBrowser('the notifications panel in Chromium', () => {
  const suite = browserSuite()

  it('closes with Escape (focus back on the bell), a click outside, a navigation and a dialog', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const { page } = await suite.device(seed.customerA, '#/slots')

    await openPanel(page)
    await page.keyboard.press('Escape')
    await expectClosed(page)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'notification-bell',
    )

    // A click on the page outside the panel (not on anything that acts).
    await openPanel(page)
    const box = await panel(page).boundingBox()
    if (!box) throw new Error('no panel on screen')
    await page.mouse.click(10, box.y + box.height + 40)
    await expectClosed(page)

    // Navigating: a tab, then the browser's back button (no click on the page at all).
    await openPanel(page)
    await openMyBookings(page)
    await expectClosed(page)
    await openPanel(page)
    await page.goBack()
    await page.getByTestId('nav-slots').and(page.locator('[aria-current="page"]')).waitFor()
    await expectClosed(page)

    // Opening a dialog (the profile): the panel is gone rather than left over or under it.
    await openPanel(page)
    await page.getByTestId('open-profile').click()
    await page.getByTestId('profile-dialog').waitFor()
    await expectClosed(page)
    await page.keyboard.press('Escape')
    await page.getByTestId('profile-dialog').waitFor({ state: 'hidden' })
  })

  it('a notification opens the booking it is about, marked read, with the focus on its card', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('notification-target')
    // The provider confirms requests by hand: confirming one tells the customer.
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 40 })
    const customerApi = suite.server.api(await suite.server.signIn(customer.email))
    const booked = await customerApi.post('/api/bookings', { slotId: slot.id })
    expect(booked.status).toBe(201)
    const bookingId = (booked.body as { id: string }).id
    const { page } = await suite.device(customer, slotWeekHash(slot))
    const providerApi = suite.server.api(await suite.server.signIn(seed.providerA.email))
    expect((await providerApi.patch(`/api/bookings/${bookingId}`, { status: 'CONFIRMED' })).status).toBe(200)
    await page.locator('[data-testid="notification-bell"][data-unread="1"]').waitFor()

    const item = (await openPanel(page)).getByTestId('notification-item')
    expect(await item.getAttribute('data-kind')).toBe('BOOKING_CONFIRMED')
    await item.getByRole('button').click()
    await expectClosed(page)
    await page.getByRole('heading', { name: 'My bookings' }).waitFor()
    expect(new URL(page.url()).hash).toBe(`#/bookings?bookingId=${bookingId}`)
    const card = bookingCard(page, slot.id)
    await expect.poll(() => card.evaluate((e) => e === document.activeElement)).toBe(true)
    expect(await card.getAttribute('class')).toContain('booking-card--highlighted')
    await page.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor()
    expect(await (await openPanel(page)).getByTestId('notification-item').getAttribute('data-read')).toBe(
      'true',
    )
  })

  for (const width of [1280, 390, 320]) {
    it(`fits a ${width} px wide screen, its offer wrapping inside it`, { timeout: TEST_MS }, async () => {
      const { seed } = suite.server
      const context = await suite.open({ width, height: 844 })
      await context.addInitScript(UNDECIDED_PERMISSION)
      const page = await context.newPage()
      await page.goto('/')
      await page.getByTestId('sign-in-email').fill(seed.customerB.email)
      await page.getByTestId('sign-in-password').fill(seed.customerB.password)
      await page.getByTestId('sign-in-submit').click()
      await page.getByTestId('shell').waitFor()

      // The header settles first: the sync state's words change its width (and so where the bell
      // and its panel sit) as the device connects and syncs.
      await waitForSynced(page)
      const list = await openPanel(page)
      const offer = list.getByRole('button', { name: 'Notify me when this tab is in the background' })
      await offer.waitFor()
      // Both boxes in one frame: read apart, a header change between the two reads moved the panel
      // (a fresh-clone CI run read the offer 12 px left of a panel measured a moment before).
      const [box, offerBox] = await offer.evaluate((button) => {
        const list = button.closest('[data-testid="notification-list"]') as Element
        return [list, button].map((e) => {
          const r = e.getBoundingClientRect()
          return { x: r.x, width: r.width }
        })
      })
      if (!box || !offerBox) throw new Error('no panel or offer on screen')
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(width)
      // Nothing inside is wider than the panel, and the offer's text fits its button.
      expect(await list.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0)
      expect(await offer.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0)
      expect(offerBox.x).toBeGreaterThanOrEqual(box.x)
      expect(offerBox.x + offerBox.width).toBeLessThanOrEqual(box.x + box.width)
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0)
    })
  }
})
