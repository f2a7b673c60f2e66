/**
 * The bookable horizon in Chromium (issue 13, goal 2): a customer's device stores the next
 * SLOT_HORIZON_DAYS (56) days of slots, not the whole future. A week twelve weeks ahead is read from
 * the server: its slots show and can be booked online; once booked, that slot is stored (the slots of
 * the device's own bookings always are). Offline, that week shows the booked slot only and says it is
 * not available offline; a week inside the horizon needs no such notice.
 */
import { addWeeks } from 'date-fns'
import { expect, it } from 'vitest'
import {
  bookSlot,
  setDeviceOffline,
  signInThroughUi,
  slotCard,
  slotWeekHash,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

describeInBrowser('the bookable horizon in Chromium', () => {
  const suite = browserSuite()

  it('a week past the horizon is browsed and booked online; offline it says it is not available', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    const far = addWeeks(new Date(), 12).getTime()
    const booked = await seed.createSlot({
      provider: seed.providerA,
      maxBookings: 2,
      startTime: new Date(far).toISOString(),
    })
    const other = await seed.createSlot({
      provider: seed.providerA,
      maxBookings: 2,
      startTime: new Date(far + 2 * 3_600_000).toISOString(),
    })
    const near = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 30 })

    const context = await suite.open()
    const page = await context.newPage()
    await signInThroughUi(page, seed.customerC.email, seed.customerC.password, slotWeekHash(booked))
    await waitForSynced(page)
    // Both far slots come from the server's window, past the stored copy.
    await slotCard(page, other.id).waitFor()
    await bookSlot(page, booked.id)
    await waitForSynced(page)
    expect(await page.getByTestId('week-not-offline').count()).toBe(0)

    await setDeviceOffline(context, true)
    await page.getByTestId('week-not-offline').waitFor({ timeout: 20_000 })
    // The slot of the customer's booking is stored; the other one is not.
    await expect.poll(() => slotCard(page, booked.id).count()).toBe(1)
    await expect.poll(() => slotCard(page, other.id).count()).toBe(0)

    // A week inside the horizon is stored: offline, it shows as usual.
    await page.goto(`/${slotWeekHash(near)}`)
    await slotCard(page, near.id).waitFor()
    expect(await page.getByTestId('week-not-offline').count()).toBe(0)
    await setDeviceOffline(context, false)
  })
})
