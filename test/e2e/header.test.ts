/**
 * The header in real Chromium, as a browser walk found it: on a desktop the organisation's name sat
 * as plain text right beside a customer's tabs and read like a third tab; on a phone a provider's
 * tabs wrapped onto two rows under the account (about 165 px with the sync state); and another page
 * opened at the scroll position of the one before (My bookings 368 px down).
 */
import { expect, it } from 'vitest'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 90_000
const PHONE = { width: 390, height: 844 }

describeInBrowser('the header in Chromium', () => {
  const suite = browserSuite()

  it('on a desktop the organisation is a captioned badge apart from the tabs', {
    timeout: TEST_MS,
  }, async () => {
    const { page } = await suite.device(suite.server.seed.customerA)
    const badge = page.locator('.organisation-name')
    expect(await badge.locator('.organisation-name__label').textContent()).toBe('Organisation')
    expect(await badge.locator('.organisation-name__label').isVisible()).toBe(true)
    const lastTab = await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .last()
      .boundingBox()
    const box = await badge.boundingBox()
    if (!lastTab || !box) throw new Error('no tabs or organisation on screen')
    // Apart from the tabs, not the next item along them (it was 20 px away, as the tabs are 4 px apart).
    expect(box.x - (lastTab.x + lastTab.width)).toBeGreaterThan(100)
  })

  it("on a phone a provider's tabs keep to one row beside the sync state and scroll to the current page", {
    timeout: TEST_MS,
  }, async () => {
    const { page } = await suite.device(suite.server.seed.providerA, '', PHONE)
    const header = await page.locator('header.topbar').boundingBox()
    if (!header) throw new Error('no header on screen')
    expect(header.height).toBeLessThanOrEqual(100)
    const tabs = page.getByRole('navigation', { name: 'Main' })
    const rows = new Set<number>()
    for (const tab of await tabs.getByRole('link').all())
      rows.add(Math.round((await tab.boundingBox())?.y ?? -1))
    expect(rows.size).toBe(1)
    const sync = await page.getByTestId('sync-indicator').boundingBox()
    const row = await tabs.boundingBox()
    if (!sync || !row) throw new Error('no sync state or tabs on screen')
    expect(Math.abs(sync.y + sync.height / 2 - (row.y + row.height / 2))).toBeLessThan(12)
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0)

    // The last page, opened from a link: its tab is scrolled into the row's view.
    await page.goto('/#/webhooks')
    const current = tabs.locator('[aria-current="page"]')
    await expect.poll(() => current.textContent()).toBe('Webhooks')
    await expect
      .poll(async () => {
        const tab = await current.boundingBox()
        const view = await tabs.boundingBox()
        return !!tab && !!view && tab.x >= view.x - 1 && tab.x + tab.width <= view.x + view.width + 1
      })
      .toBe(true)
  })

  it("on a phone every one of a provider's tabs is reachable, and a faded edge says there are more", {
    timeout: TEST_MS,
  }, async () => {
    const { page } = await suite.device(suite.server.seed.providerA, '', PHONE)
    const tabs = page.getByRole('navigation', { name: 'Main' })
    const fade = () => tabs.evaluate((row) => getComputedStyle(row).maskImage)
    // Opened on the first page: pages past the row's end, and that end fades (there was no cue).
    await expect.poll(() => tabs.getAttribute('data-more')).toBe('end')
    expect(await fade()).toContain('gradient')
    const links = await tabs.getByRole('link').all()
    expect(links.length).toBeGreaterThanOrEqual(6)
    for (const link of links) {
      // Swiped to (scrolled within the row, as a finger does) and tapped: its page opens.
      await link.scrollIntoViewIfNeeded()
      await link.click()
      await expect.poll(() => link.getAttribute('aria-current')).toBe('page')
    }
    // At the row's end the start fades instead: the first pages are back there.
    await expect.poll(() => tabs.getAttribute('data-more')).toBe('start')
    expect(await fade()).toContain('gradient')
  })

  it('another page opens at its top; another week keeps the scroll', { timeout: TEST_MS }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('scroller')
    const api = suite.server.api(await suite.server.signIn(customer.email))
    for (let i = 0; i < 8; i++) {
      const slot = await seed.createSlot({ maxBookings: 2, hoursFromNow: 30 + i * 20 })
      expect((await api.post('/api/bookings', { slotId: slot.id })).status).toBe(201)
    }
    const { page } = await suite.device(customer, '#/bookings', { width: 1280, height: 500 })
    await page.getByTestId('booking-card').nth(7).waitFor()
    await page.evaluate(() => window.scrollTo(0, 368))
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300)
    await page.getByTestId('nav-slots').click()
    await page.getByRole('button', { name: 'Next week' }).waitFor()
    expect(await page.evaluate(() => window.scrollY)).toBe(0)

    // Within the page (another week) the page's own scrolling stays.
    await page.locator('[data-testid="slot-card"]').first().waitFor()
    await page.setViewportSize({ width: 1280, height: 300 })
    await page.evaluate(() => window.scrollTo(0, 120))
    const scrolled = await page.evaluate(() => window.scrollY)
    expect(scrolled).toBeGreaterThan(0)
    const before = page.url()
    await page
      .getByRole('button', { name: 'Next week' })
      .evaluate((button) => (button as HTMLElement).click())
    await expect.poll(() => page.url()).not.toBe(before)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
  })
})
