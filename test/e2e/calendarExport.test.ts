/**
 * Calendar export in real Chromium: My bookings shows the booking's reference, "Add to calendar"
 * downloads an .ics that an independent parser reads back as that booking, and the private feed
 * link made on screen serves the same booking (the panel says the link spans every organisation).
 * "Copy link" puts the link on the clipboard and says "Copied" in a status message; without the
 * Clipboard API it selects the link and says how to copy it.
 */
import { readFile } from 'node:fs/promises'
import ICAL from 'ical.js'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  bookSlot,
  bookingCard,
  openMyBookings,
  signInThroughUi,
  slotWeekHash,
  waitForBookingStatus,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component))
}

describeInBrowser('calendar export in Chromium', () => {
  const suite = browserSuite({ demo: true })

  it('shows the reference, downloads the booking as .ics, and makes a private feed link', {
    timeout: 90_000,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 2, hoursFromNow: 5 })
    const context = await suite.open()
    const page = await context.newPage()
    await signInThroughUi(page, seed.customerC.email, seed.customerC.password, slotWeekHash(slot))
    await waitForSynced(page)
    await bookSlot(page, slot.id)
    await openMyBookings(page)
    await waitForBookingStatus(page, slot.id, 'CONFIRMED')

    const card = bookingCard(page, slot.id)
    const reference = card.getByTestId('booking-reference')
    await reference.waitFor()
    const shown = ((await reference.textContent()) ?? '').match(/UNI-[0-9A-Z]{6}/)?.[0]
    const mine = await suite.server.api(await suite.server.signIn(seed.customerC.email)).get(`/api/bookings`)
    const stored = (mine.body as { slotId: string; reference: string }[]).find((b) => b.slotId === slot.id)
    expect(shown).toBe(stored?.reference)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByTestId('add-to-calendar').click(),
    ])
    expect(download.suggestedFilename()).toBe(`${shown}.ics`)
    const [event] = eventsOf(await readFile(await download.path(), 'utf8'))
    expect(event?.startDate.toJSDate().getTime()).toBe(Math.floor(Date.parse(slot.startTime) / 1000) * 1000)
    expect(event?.description).toContain(shown)

    await page.getByTestId('calendar-feed').locator('summary').click()
    // One link for all the user's organisations, offered the same in each: the panel says so.
    const panelText = await page.getByTestId('calendar-feed').textContent()
    expect(panelText).toContain('your bookings in every organisation you belong to')
    expect(panelText).toContain('Making a new link stops the old one.')
    await page.getByTestId('calendar-feed-create').click()
    const url = await page.getByTestId('calendar-feed-url').inputValue()
    const feed = await fetch(url)
    expect(feed.status).toBe(200)
    expect(eventsOf(await feed.text()).map((e) => e.description)).toEqual([
      expect.stringContaining(shown as string),
    ])
  })

  it('"Copy link" copies the feed link and says so; without a clipboard it selects the link', {
    timeout: 90_000,
  }, async () => {
    const { seed } = suite.server
    const makeLink = async (page: Page) => {
      await page.goto('/#/bookings')
      await page.getByTestId('calendar-feed').locator('summary').click()
      await page.getByTestId('calendar-feed-create').click()
      return page.getByTestId('calendar-feed-url').inputValue()
    }
    const copy = (page: Page) => page.getByTestId('calendar-feed-copy')
    const status = (page: Page) => page.getByTestId('calendar-feed-copy-status')

    const { context, page } = await suite.device(seed.customerA)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url })
    const url = await makeLink(page)
    expect(await copy(page).textContent()).toBe('Copy link')
    expect(await status(page).getAttribute('role')).toBe('status')
    await copy(page).click()
    await expect.poll(() => status(page).textContent()).toBe('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    // A new link is not "Copied" yet.
    await page.getByTestId('calendar-feed-create').click()
    await expect.poll(() => page.getByTestId('calendar-feed-url').inputValue()).not.toBe(url)
    expect(await status(page).textContent()).toBe('')

    // A browser without the Clipboard API (a page not served over HTTPS): the link is selected instead.
    const bareContext = await suite.open()
    await bareContext.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true })
    })
    const barePage = await bareContext.newPage()
    await signInThroughUi(barePage, seed.customerB.email, seed.customerB.password)
    await waitForSynced(barePage)
    const shownLink = await makeLink(barePage)
    await copy(barePage).click()
    await expect
      .poll(() => status(barePage).textContent())
      .toBe('Could not copy: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.')
    expect(
      await barePage.evaluate(() => {
        const input = document.activeElement as HTMLInputElement
        return input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0)
      }),
    ).toBe(shownLink)
  })
})
