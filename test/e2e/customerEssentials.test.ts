/**
 * Issue 14's essentials in Chromium: a customer chooses in their profile the zone they read times in
 * (the week then shows that zone, named, and keeps it after a reload); the phone they give is what
 * the provider of their booking sees behind "Contact" in the requests inbox; "Pick a date" shows a
 * month with the days that have a free seat marked and past days closed, and opens the picked week;
 * rejected bookings are dismissed one by one (bug 9); on a phone the stats charts say they scroll
 * sideways and the page itself does not (bug 8); a demo customer's weeks of history show ten at a
 * time, newest first.
 */
import { tz } from '@date-fns/tz'
import { addDays, format, nextWednesday, subDays } from 'date-fns'
import { expect, it } from 'vitest'
import {
  DEVICE_TIME_ZONE,
  bookSlot,
  openMyBookings,
  signInThroughUi,
  slotCard,
  slotWeekHash,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { insertBookingRow } from '../helpers/pastBookings.js'

describeInBrowser('customer essentials in Chromium', () => {
  const suite = browserSuite({ demo: true })

  it('a customer reads times in the zone they chose; the provider sees their phone', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    // A Wednesday next week at 03:00 UTC: 04:00 in Berlin (the device), 12:00 in Tokyo, the same day in both.
    const wednesday = nextWednesday(addDays(new Date(), 7))
    const startTime = `${format(wednesday, 'yyyy-MM-dd')}T03:00:00.000Z`
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, startTime })

    const customer = await suite.open()
    const page = await customer.newPage()
    await signInThroughUi(page, seed.customerC.email, seed.customerC.password, slotWeekHash(slot))
    await waitForSynced(page)
    await expect.poll(() => slotCard(page, slot.id).textContent()).toContain('04:00')

    await page.getByTestId('open-profile').click()
    const dialog = page.getByTestId('profile-dialog')
    await dialog.getByTestId('profile-phone').fill('+49 170 1234567')
    await dialog.getByTestId('profile-zone').selectOption('Asia/Tokyo')
    await dialog.getByTestId('profile-save').click()
    await dialog.waitFor({ state: 'hidden' })

    await expect.poll(() => page.getByTestId('time-zone').textContent()).toContain('Asia/Tokyo')
    const tokyoTime = format(new Date(slot.startTime), 'HH:mm', { in: tz('Asia/Tokyo') })
    expect(tokyoTime).toBe('12:00')
    await expect.poll(() => slotCard(page, slot.id).textContent()).toContain('12:00')
    await page.reload()
    await expect.poll(() => page.getByTestId('time-zone').textContent()).toContain('Asia/Tokyo')

    await bookSlot(page, slot.id)
    await waitForSynced(page)

    const provider = await suite.open()
    const inbox = await provider.newPage()
    await signInThroughUi(inbox, seed.providerA.email, seed.providerA.password, '#/inbox')
    const row = inbox
      .getByTestId('provider-booking')
      .filter({ hasText: seed.customerC.name })
      .filter({ has: inbox.getByTestId('customer-contact') })
      .first()
    await row.getByTestId('customer-contact').locator('summary').click()
    const details = row.getByTestId('customer-contact-details')
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain('+49 170 1234567')
    expect(await details.textContent()).toContain(seed.customerC.email)
  })

  it('a customer whose stored name holds a control character still saves the rest of the profile', {
    timeout: 120_000,
  }, async () => {
    const { seed, db } = suite.server
    // Stored before the sign-up refused control characters in names: saving a phone must not send it.
    const customer = await seed.createCustomer('bell')
    await db.query('UPDATE users SET name = $1 WHERE id = $2', ['Pat\u0007Bell', customer.id])
    const page = await (await suite.open()).newPage()
    await signInThroughUi(page, customer.email, customer.password)
    await page.getByTestId('open-profile').click()
    const dialog = page.getByTestId('profile-dialog')
    await dialog.getByTestId('profile-phone').fill('+49 170 7654321')
    await dialog.getByTestId('profile-save').click()
    await dialog.waitFor({ state: 'hidden' })
    const { rows } = await db.query('SELECT name, phone FROM users WHERE id = $1', [customer.id])
    expect(rows).toEqual([{ name: 'Pat\u0007Bell', phone: '+49 170 7654321' }])
  })

  it('"Pick a date" marks the days with a free seat, closes past days and opens the picked week', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    const startTime = `${format(addDays(new Date(), 20), 'yyyy-MM-dd')}T10:00:00.000Z`
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, startTime })
    const day = format(new Date(startTime), 'yyyy-MM-dd', { in: tz(DEVICE_TIME_ZONE) })
    const context = await suite.open()
    const page = await context.newPage()
    await signInThroughUi(
      page,
      seed.customerA.email,
      seed.customerA.password,
      `#/slots?providerId=${seed.providerB.id}`,
    )
    await waitForSynced(page)

    await page.getByTestId('pick-date').click()
    const overview = page.getByTestId('month-overview')
    await overview.waitFor()
    const yesterday = format(subDays(new Date(), 1), 'yyyy-MM-dd', { in: tz(DEVICE_TIME_ZONE) })
    const past = overview.locator(`[data-day="${yesterday}"]`)
    if ((await past.count()) > 0) expect(await past.getAttribute('data-disabled')).toBe('true')
    const cell = () => overview.locator(`[data-day="${day}"]:not([data-outside])`)
    if ((await cell().count()) === 0)
      await overview.getByRole('button', { name: 'Go to the Next Month' }).click()
    await expect
      .poll(() => cell().getAttribute('class'), { timeout: 10_000 })
      .toContain('month-overview__free')
    await cell().locator('button').click()

    await page.getByTestId('pick-date-dialog').waitFor({ state: 'hidden' })
    await slotCard(page, slot.id).waitFor()
    expect(page.url()).toContain(`week=${day}`)
  })

  it('rejected bookings are dismissed one by one, and stay dismissed after a reload', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    const rejected = []
    for (const hours of [50, 51, 52]) {
      const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: hours })
      const createdAt = new Date().toISOString()
      await insertBookingRow(suite.server.db, {
        slotId: slot.id,
        customerId: seed.customerB.id,
        status: 'REJECTED',
        createdAt,
      })
      rejected.push(slot.id)
    }
    const context = await suite.open()
    const page = await context.newPage()
    await signInThroughUi(page, seed.customerB.email, seed.customerB.password)
    await waitForSynced(page)
    await openMyBookings(page)
    const cards = () =>
      page.locator('[data-testid="booking-card"]').filter({ has: page.getByTestId('dismiss-rejected') })
    await expect.poll(() => cards().count()).toBe(3)
    await page
      .locator(`[data-testid="booking-card"][data-slot-id="${rejected[1]}"]`)
      .getByTestId('dismiss-rejected')
      .click()
    await expect.poll(() => cards().count()).toBe(2)
    await page.reload()
    await openMyBookings(page)
    await expect.poll(() => cards().count()).toBe(2)
    const left = await cards().evaluateAll((els) => els.map((el) => el.getAttribute('data-slot-id')))
    expect(left.sort()).toEqual([rejected[0], rejected[2]].sort())
  })

  it('on a phone the stats charts say they scroll sideways, and the page does not', {
    timeout: 120_000,
  }, async () => {
    const context = await suite.open()
    const page = await context.newPage()
    await page.setViewportSize({ width: 390, height: 844 })
    await signInThroughUi(page, 'ana@demo.test', 'demo-password', '#/stats')
    const chart = page.getByTestId('chart-day')
    await chart.waitFor()
    const hint = chart.locator('.bar-chart__hint')
    expect(await hint.isVisible()).toBe(true)
    expect(await hint.textContent()).toContain('Swipe sideways')
    const scroller = chart.locator('.bar-chart__scroll')
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0)
    // On a wide screen the whole chart fits, and the hint is gone.
    await page.setViewportSize({ width: 1280, height: 860 })
    await expect.poll(() => hint.isVisible()).toBe(false)
  })

  it("a demo customer's history shows ten earlier bookings at a time, newest first", {
    timeout: 120_000,
  }, async () => {
    const context = await suite.open()
    const page = await context.newPage()
    await signInThroughUi(page, 'carla@demo.test', 'demo-password')
    await waitForSynced(page)
    await openMyBookings(page)
    const earlier = page.getByTestId('earlier-bookings')
    const cards = earlier.getByTestId('booking-card')
    await expect.poll(() => cards.count()).toBe(10)
    const more = page.getByTestId('earlier-bookings-more')
    expect(await more.textContent()).toMatch(/^Show 10 more \(\d+ not shown\)$/)
    await more.click()
    await expect.poll(() => cards.count()).toBe(20)
    const starts = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-start-time')))
    expect(starts.every((start) => start !== null)).toBe(true)
    expect([...starts].sort().reverse()).toEqual(starts)
  })
  it("a zone chosen on one of the customer's devices reaches the others; no choice leaves each its own", {
    timeout: 120_000,
  }, async () => {
    const customer = await suite.server.seed.createCustomer('zones')
    const berlin = (await suite.device(customer)).page
    const newYork = (await suite.device(customer, '', { timeZoneId: 'America/New_York' })).page
    const readsIn = (page: typeof berlin) => page.getByTestId('time-zone').textContent()
    const chooseZone = async (page: typeof berlin, zone: string) => {
      await page.getByTestId('open-profile').click()
      const dialog = page.getByTestId('profile-dialog')
      await dialog.getByTestId('profile-zone').selectOption(zone)
      await dialog.getByTestId('profile-save').click()
      await dialog.waitFor({ state: 'hidden' })
    }
    await expect.poll(() => readsIn(newYork)).toContain('America/New_York')

    await chooseZone(berlin, 'Asia/Tokyo')
    await expect.poll(() => readsIn(berlin)).toContain('Asia/Tokyo')
    // The other device signed in before the change: a reload shows the account's zone, and so does its profile.
    await newYork.reload()
    await expect.poll(() => readsIn(newYork)).toContain('Asia/Tokyo')
    await newYork.getByTestId('open-profile').click()
    await expect.poll(() => newYork.getByTestId('profile-zone').inputValue()).toBe('Asia/Tokyo')
    await newYork.getByTestId('profile-dialog').getByRole('button', { name: 'Cancel' }).click()

    // Back to "this device's zone": each device reads its own again.
    await chooseZone(berlin, '')
    await expect.poll(() => readsIn(berlin)).toContain('Europe/Berlin')
    await newYork.reload()
    await expect.poll(() => readsIn(newYork)).toContain('America/New_York')
  })
})
