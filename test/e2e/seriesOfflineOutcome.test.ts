/**
 * A weekly series booked offline and answered on reconnect is told (a tester's walk: it vanished
 * silently): the device that sent it says in a toast which weeks were not booked and why, and the
 * customer's bell shows the SERIES_NOT_BOOKED notification on every device of theirs.
 */
import { tz } from '@date-fns/tz'
import { format } from 'date-fns'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import type { Slot } from '../../shared/schemas.js'
import {
  DEVICE_TIME_ZONE,
  openSeriesForm,
  setDeviceOffline,
  slotCard,
  slotWeekHash,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { watchToasts } from '../helpers/watchToasts.js'
import { weeklySlots } from '../helpers/weeklySlots.js'

const TEST_MS = 150_000
/** Long enough for the reconnect, the series' answer and the pull, on loopback. */
const LIVE_MS = 30_000

/** A week's date as the customer reads it (no zone chosen: the device's). */
const longDate = (iso: string) => format(new Date(iso), 'EEEE d MMMM yyyy', { in: tz(DEVICE_TIME_ZONE) })
/** The bell names each week with its time too, as every notification does. */
const longDateTime = (iso: string) =>
  format(new Date(iso), 'EEEE d MMMM yyyy, HH:mm', { in: tz(DEVICE_TIME_ZONE) })

async function bellTexts(page: Page): Promise<string[]> {
  if ((await page.getByTestId('notification-list').count()) === 0)
    await page.getByTestId('notification-bell').click()
  return page.locator('[data-testid="notification-item"][data-kind="SERIES_NOT_BOOKED"]').allTextContents()
}

describeInBrowser('a series booked offline, answered on reconnect, in Chromium', () => {
  const suite = browserSuite()

  /** Offline on `page`: books `slots` every week in `mode` from the dialog, and closes it. */
  async function bookWeeklyOffline(page: Page, slots: Slot[], mode: 'ALL_OR_NOTHING' | 'BOOK_WHAT_IS_FREE') {
    await slotCard(page, (slots[0] as Slot).id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)
    await dialog.getByTestId('series-weeks').fill(String(slots.length))
    await dialog.getByTestId(`series-mode-${mode}`).check()
    await dialog.getByTestId('confirm-series').click()
    await dialog.getByTestId('series-waiting').waitFor()
    // One count in the dialog and the pill (the series is sent as one change); no seat taken yet.
    const waiting = `${slots.length} weeks waiting to be sent, as 1 change`
    expect(await dialog.getByTestId('series-waiting').locator('h3').textContent()).toBe(waiting)
    await expect.poll(() => page.getByTestId('sync-indicator').textContent()).toContain('1 change waiting')
    expect(await dialog.getByTestId('seats-series-waiting').textContent()).toContain(
      'your weekly booking takes none until it is sent',
    )
    await dialog.getByRole('button', { name: 'Close' }).last().click()
    await dialog.waitFor({ state: 'hidden' })
  }

  /** Another customer, online, takes the last seat of `slot`. */
  async function takenMeanwhile(slot: Slot): Promise<void> {
    const other = await suite.server.seed.createCustomer('series-rival')
    const res = await suite.server.api(await suite.server.signIn(other.email)).post('/api/bookings', {
      slotId: slot.id,
    })
    expect(res.status).toBe(201)
  }

  it('all or nothing, a week taken meanwhile: a toast says none was booked and why, and the bell keeps it', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-offline-none')
    const slots = await weeklySlots(seed, { weeks: 2, daysFromNow: 5.5, provider: seed.providerB })
    const { context, page } = await suite.device(customer, slotWeekHash(slots[0] as Slot))
    const toasts = await watchToasts(page)

    await setDeviceOffline(context, true)
    await bookWeeklyOffline(page, slots, 'ALL_OR_NOTHING')
    await takenMeanwhile(slots[1] as Slot)
    await setDeviceOffline(context, false)

    const told = `Weekly booking for Tutoring not made: ${longDate((slots[1] as Slot).startTime)} was fully booked, so none was booked (all or nothing).`
    await expect.poll(toasts, { timeout: LIVE_MS }).toContain(told)
    await waitForSynced(page, LIVE_MS)
    const inBell = `Weekly booking for Tutoring not made: ${longDateTime((slots[1] as Slot).startTime)} was fully booked, so none was booked (all or nothing).`
    await expect.poll(() => bellTexts(page), { timeout: LIVE_MS }).toEqual([expect.stringContaining(inBell)])
  })

  it('book what is free, a week taken meanwhile: "1 of 2 weeks booked" with the week not booked, on both devices', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-offline-some')
    const slots = await weeklySlots(seed, { weeks: 2, daysFromNow: 5.75, provider: seed.providerB })
    const phone = await suite.device(customer, slotWeekHash(slots[0] as Slot))
    const laptop = await suite.device(customer, slotWeekHash(slots[0] as Slot))
    const toasts = await watchToasts(phone.page)

    await setDeviceOffline(phone.context, true)
    await bookWeeklyOffline(phone.page, slots, 'BOOK_WHAT_IS_FREE')
    await takenMeanwhile(slots[1] as Slot)
    await setDeviceOffline(phone.context, false)

    const told = `1 of 2 weeks of Tutoring booked: ${longDate((slots[1] as Slot).startTime)} was fully booked.`
    await expect.poll(toasts, { timeout: LIVE_MS }).toContain(told)
    const inBell = `1 of 2 weeks of Tutoring booked: ${longDateTime((slots[1] as Slot).startTime)} was fully booked.`
    for (const { page } of [phone, laptop])
      await expect
        .poll(() => bellTexts(page), { timeout: LIVE_MS })
        .toEqual([expect.stringContaining(inBell)])
  })
})
