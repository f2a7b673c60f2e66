/**
 * The toast of a waitlist join, in real Chromium: "You joined the waitlist." is withdrawn once the entry
 * is promoted to a seat, instead of staying beside a card that says "You are booked" (a walk read both).
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { slotCard, slotWeekHash, waitForSlotState } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const JOINED = 'You joined the waitlist.'
/** How long a change may take to reach the device on loopback before the test fails. */
const LIVE_MS = 5_000
/** Under the 5 s a confirmation's toast stays on its own: what puts it away sooner is the promotion. */
const WITHDRAWN_WITHIN_MS = 4_000

/** Records (in the page) how long the toast showed `text`, from its appearance to its going. */
async function watchToastShown(page: Page, text: string): Promise<() => Promise<number | null>> {
  await page.evaluate((text) => {
    const w = window as unknown as { shown: { from: number | null; for: number | null } }
    w.shown = { from: null, for: null }
    const check = () => {
      const on = [...document.querySelectorAll('[data-testid="toasts"] .toast__text')].some(
        (el) => el.textContent === text,
      )
      if (on && w.shown.from === null) w.shown.from = performance.now()
      if (!on && w.shown.from !== null && w.shown.for === null) w.shown.for = performance.now() - w.shown.from
    }
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    })
  }, text)
  return () => page.evaluate(() => (window as unknown as { shown: { for: number | null } }).shown.for)
}

describeInBrowser('the waitlist join toast in Chromium', () => {
  const suite = browserSuite()

  it('is withdrawn when the entry is promoted to a seat', { timeout: 120_000 }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 3 })
    const holder = suite.server.api(await suite.server.signIn(seed.customerA.email))
    const held = await holder.post('/api/bookings', { slotId: slot.id })
    expect(held.status).toBe(201)
    const { page } = await suite.device(seed.customerB, slotWeekHash(slot))
    await waitForSlotState(page, slot.id, 'full')
    const shownFor = await watchToastShown(page, JOINED)

    await slotCard(page, slot.id).click()
    await page.getByTestId('waitlist-dialog').getByTestId('join-waitlist').click()
    await expect.poll(() => page.getByTestId('toasts').textContent(), { timeout: LIVE_MS }).toContain(JOINED)
    // The holder cancels: the waiting customer is promoted to the seat.
    const heldId = (held.body as { id: string }).id
    expect((await holder.patch(`/api/bookings/${heldId}`, { status: 'CANCELLED' })).status).toBe(200)
    await slotCard(page, slot.id).getByTestId('waitlist-got-seat').waitFor({ timeout: LIVE_MS })

    await expect.poll(shownFor, { timeout: LIVE_MS }).not.toBeNull()
    expect(await shownFor()).toBeLessThan(WITHDRAWN_WITHIN_MS)
  })
})
