/**
 * A customer's weekly series and waitlist places in My bookings, in Chromium (bugs of a browser walk):
 * a series card names the service, the weekday and time and its first and last session, says it waits
 * to be sent while offline and then shows each week's outcome in plain words, and carries the note;
 * the series form refuses an end date before the first session and explains an out-of-range number of
 * weeks without the irrelevant weeks field blocking an "until" series; My bookings lists the waitlist
 * places with their position and a way to leave (offline too), and the slot card no longer offers
 * "Join waitlist" once joined.
 */
import { tz } from '@date-fns/tz'
import { format, subDays } from 'date-fns'
import { expect, it } from 'vitest'
import { seriesStartTimes } from '../../shared/bookingOperations.js'
import {
  DEVICE_TIME_ZONE,
  openMyBookings,
  openSeriesForm,
  setDeviceOffline,
  slotCard,
  slotWeekHash,
  waitForSlotState,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 120_000
/** How long a change may take to reach the device on loopback before the test fails. */
const LIVE_MS = 10_000
/** A customer who chose no zone in their profile reads times in the device's zone. */
const onDevice = { in: tz(DEVICE_TIME_ZONE) }

describeInBrowser('series and waitlist in My bookings, in Chromium', () => {
  const suite = browserSuite()

  it('a series card names its sessions, waits offline, then shows each week in plain words; the note is kept', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-card')
    const first = new Date(Date.now() + 4.5 * 86_400_000)
    first.setUTCMinutes(0, 0, 0)
    const starts = seriesStartTimes(first.toISOString(), seed.providerA.timeZone, { weeks: 4 })
    // The provider has no session in the third week.
    const slots = []
    for (const startTime of [starts[0], starts[1], starts[3]] as string[])
      slots.push(await seed.createSlot({ provider: seed.providerA, startTime, maxBookings: 2 }))
    const firstSlot = slots[0] as (typeof slots)[number]
    const { context, page } = await suite.device(customer, slotWeekHash(firstSlot))

    await setDeviceOffline(context, true)
    await slotCard(page, firstSlot.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)
    await dialog.getByTestId('booking-notes').fill('Bring the knee brace')
    await dialog.getByTestId('series-weeks').fill('4')
    await dialog.getByTestId('confirm-series').click()
    await dialog.getByTestId('series-waiting').waitFor()
    await dialog.getByRole('button', { name: 'Close' }).last().click()

    await openMyBookings(page)
    const card = page.getByTestId('queued-series')
    await card.getByTestId('series-waiting').waitFor()
    const summary = card.getByTestId('series-summary')
    const text = await summary.textContent()
    const firstAt = new Date(starts[0] as string)
    const lastAt = new Date(starts[3] as string)
    expect(text).toContain('Physio')
    expect(text).toContain(
      `every ${format(firstAt, 'EEEE', onDevice)} at ${format(firstAt, 'HH:mm', onDevice)}`,
    )
    expect(text).toContain(format(firstAt, 'd MMMM yyyy', onDevice))
    expect(text).toContain(format(lastAt, 'd MMMM yyyy', onDevice))
    expect(text).not.toContain(format(new Date(), 'd MMMM yyyy', onDevice))
    expect(await card.textContent()).toContain('waiting to be sent')

    await setDeviceOffline(context, false)
    const outcome = card.getByTestId('series-outcome')
    await outcome.waitFor({ timeout: LIVE_MS })
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(3)
    // Sent later, the weeks of a provider who confirms by hand were requested, not booked.
    await expect
      .poll(() => outcome.locator('h3').textContent())
      .toBe('3 of 4 weeks requested — they await the provider’s confirmation')
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').allTextContents()).toEqual(
      Array(3).fill(expect.stringMatching(/: Requested$/)),
    )
    const missing = await outcome.locator('[data-testid="outcome-row"][data-ok="false"]').textContent()
    expect(missing).toContain('No session that week')
    expect(missing).not.toContain('does not exist')
    // The card still says which series it is once answered.
    expect(await card.getByTestId('series-summary').textContent()).toBe(text)
    await waitForSynced(page)

    const held = (await suite.server.api(await suite.server.signIn(customer.email)).get('/api/bookings'))
      .body as { slotId: string; notes: string }[]
    expect(held.map((b) => b.slotId).sort()).toEqual(slots.map((s) => s.id).sort())
    expect(held.map((b) => b.notes)).toEqual(Array(3).fill('Bring the knee brace'))
  })

  it('the series form suggests and offers as many weeks as are published, and says how many', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-published')
    const first = new Date(Date.now() + 2.5 * 86_400_000)
    first.setUTCMinutes(0, 0, 0)
    const starts = seriesStartTimes(first.toISOString(), seed.providerA.timeZone, { weeks: 2 })
    const slots = []
    for (const startTime of starts)
      slots.push(await seed.createSlot({ provider: seed.providerA, startTime, maxBookings: 2 }))
    const firstSlot = slots[0] as (typeof slots)[number]
    const { page } = await suite.device(customer, slotWeekHash(firstSlot))
    await slotCard(page, firstSlot.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)

    const weeks = dialog.getByTestId('series-weeks')
    await expect.poll(() => weeks.inputValue()).toBe('2')
    expect(await weeks.getAttribute('max')).toBe('2')
    expect(await dialog.getByTestId('series-weeks-hint').textContent()).toBe('1–2 weeks')
    const lastDay = format(new Date(starts[1] as string), 'EEEE d MMMM yyyy', onDevice)
    expect(await dialog.getByTestId('series-published').textContent()).toBe(
      `2 weeks can be booked, the last on ${lastDay}.`,
    )
    await weeks.fill('3')
    expect(await weeks.getAttribute('aria-invalid')).toBe('true')
    expect(await dialog.getByTestId('confirm-series').isDisabled()).toBe(true)

    // "All or nothing" over what is offered books both weeks.
    await weeks.fill('2')
    await dialog.getByTestId('series-mode-ALL_OR_NOTHING').check()
    await dialog.getByTestId('confirm-series').click()
    const outcome = dialog.getByTestId('series-outcome')
    await outcome.waitFor({ timeout: LIVE_MS })
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(2)
  })

  it('the series form refuses an end date before the first session and explains the number of weeks', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-form')
    const startTime = new Date(Date.now() + 3.5 * 86_400_000)
    startTime.setUTCMinutes(0, 0, 0)
    const slot = await seed.createSlot({
      provider: seed.providerA,
      startTime: startTime.toISOString(),
      maxBookings: 2,
    })
    const { page } = await suite.device(customer, slotWeekHash(slot))
    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)
    const confirm = dialog.getByTestId('confirm-series')
    const hint = dialog.getByTestId('series-weeks-hint')

    // The provider published this one session of that time: one week is all there is to book.
    expect(await dialog.getByTestId('series-published').textContent()).toBe(
      'Only this week can be booked: no later week of this time is open yet.',
    )
    for (const weeks of ['', '0', '2', '53', '-1', '1e3']) {
      await dialog.getByTestId('series-weeks').fill(weeks)
      expect(await hint.textContent(), `weeks "${weeks}"`).toBe('Enter a whole number of weeks: 1 week.')
      expect(await dialog.getByTestId('series-weeks').getAttribute('aria-invalid')).toBe('true')
      expect(await confirm.isDisabled(), `weeks "${weeks}"`).toBe(true)
    }

    // "Until" the day before the first session: said, and nothing is sent.
    const firstDay = format(new Date(slot.startTime), 'yyyy-MM-dd', onDevice)
    await dialog.getByTestId('series-by-until').check()
    await dialog
      .getByTestId('series-until')
      .fill(format(subDays(new Date(slot.startTime), 1), 'yyyy-MM-dd', onDevice))
    await expect
      .poll(() => dialog.getByTestId('series-until-error').textContent())
      .toContain('The end date is before the first session')
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByTestId('series-until').press('Enter')
    expect(await dialog.getByTestId('series-form').count()).toBe(1)

    // "Until" the first session's day books that one week, though the weeks field still reads "1e3".
    await dialog.getByTestId('series-until').fill(firstDay)
    expect(await dialog.getByTestId('series-until-error').count()).toBe(0)
    await confirm.click()
    const outcome = dialog.getByTestId('series-outcome')
    await outcome.waitFor({ timeout: LIVE_MS })
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(1)
    expect(await outcome.locator('[data-testid="outcome-row"]').count()).toBe(1)
  })

  it('My bookings lists the waitlist places with their position; leaving works offline', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('waitlist-list')
    const rival = await seed.createCustomer('waitlist-rival')
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 1, hoursFromNow: 30 })
    const rivalApi = suite.server.api(await suite.server.signIn(rival.email))
    expect((await rivalApi.post('/api/bookings', { slotId: slot.id })).status).toBe(201)

    const { context, page } = await suite.device(customer, slotWeekHash(slot))
    await waitForSlotState(page, slot.id, 'full')
    expect(await slotCard(page, slot.id).textContent()).toMatch(/^Join waitlist/)
    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('waitlist-dialog')
    await dialog.getByTestId('join-waitlist').click()
    await dialog.waitFor({ state: 'hidden' })
    await slotCard(page, slot.id)
      .locator('[data-testid="waitlist-position"][data-position="1"]')
      .waitFor({ timeout: LIVE_MS })
    expect(await slotCard(page, slot.id).textContent()).not.toMatch(/^Join waitlist/)
    await waitForSynced(page)

    await openMyBookings(page)
    const section = page.getByTestId('my-waitlist')
    const entry = section.locator(`[data-testid="my-waitlist-entry"][data-slot-id="${slot.id}"]`)
    await entry.waitFor()
    const text = await entry.textContent()
    expect(text).toContain('Physio')
    expect(text).toContain(format(new Date(slot.startTime), 'd MMMM yyyy, HH:mm', onDevice))
    expect(text).toContain('#1')

    await setDeviceOffline(context, true)
    await entry.getByTestId('leave-waitlist').click()
    await entry.getByTestId('leave-waitlist-confirm').click()
    await entry.waitFor({ state: 'detached' })
    await section.waitFor({ state: 'detached' })
    await setDeviceOffline(context, false)
    await waitForSynced(page, LIVE_MS)
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const entries = (await api.get('/api/waitlist')).body as { slotId: string; status: string }[]
    expect(entries.filter((e) => e.slotId === slot.id).map((e) => e.status)).toEqual(['LEFT'])
  })
})
