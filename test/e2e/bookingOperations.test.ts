/**
 * Issue 11 in real Chromium: a customer reschedules a booking from My bookings; books a series
 * online, and one offline that is sent when the device reconnects; a provider selects bookings in the
 * bulk panel and cancels them with one reason, and the customer's open page shows the cancellation
 * and the reason without a reload.
 */
import { tz } from '@date-fns/tz'
import { addDays, format, startOfDay } from 'date-fns'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  DEVICE_TIME_ZONE,
  bookingCard,
  openMyBookings,
  openSeriesForm,
  setDeviceOffline,
  slotCard,
  slotWeekHash,
  waitForBookingStatus,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import type { TestUser } from '../helpers/testFixtures.js'
import { weeklySlots } from '../helpers/weeklySlots.js'
import type { Slot } from '../../shared/schemas.js'

const TEST_MS = 120_000
/** How long a change may take to reach another device on loopback before the test fails. */
const LIVE_MS = 10_000

describeInBrowser('series, reschedule and bulk in Chromium', () => {
  const suite = browserSuite()
  const device = async (user: Pick<TestUser, 'email' | 'password'>, hash: string): Promise<Page> =>
    (await suite.device(user, hash)).page

  it('a customer moves a booking to another time of the same service, never to one they hold', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('reschedule-e2e')
    const backCare = await seed.createService('Back-care group class')
    const from = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 40 })
    const otherService = await seed.createSlot({ service: backCare, hoursFromNow: 41, maxBookings: 8 })
    const to = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 42 })
    const held = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 43, maxBookings: 8 })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const booking = (await api.post('/api/bookings', { slotId: from.id })).body
    expect((await api.post('/api/bookings', { slotId: held.id })).status).toBe(201)

    const page = await device(customer, slotWeekHash(from))
    await openMyBookings(page)
    await bookingCard(page, from.id).getByTestId('reschedule-booking').click()
    const dialog = page.getByTestId('reschedule-dialog')
    const option = (slot: Slot) =>
      dialog.locator(`[data-testid="reschedule-option"][data-slot-id="${slot.id}"]`)
    await option(to).waitFor()
    // Another service's slot and a slot the customer holds are not offered (the server refuses both).
    expect(await option(otherService).count()).toBe(0)
    expect(await option(held).count()).toBe(0)
    await option(to).locator('input').check()
    await dialog.getByTestId('confirm-reschedule').click()

    await bookingCard(page, to.id).waitFor()
    expect(await bookingCard(page, from.id).count()).toBe(0)
    await waitForSynced(page)
    expect((await api.get(`/api/bookings/${booking.id}`)).body).toMatchObject({
      slotId: to.id,
      status: 'PENDING',
    })
    await page.getByRole('status').filter({ hasText: 'Booking moved to' }).waitFor({ state: 'attached' })
  })

  it("the reschedule dialog lists its free times under a heading per day, in the customer's zone, one radio group for the keyboard", {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('reschedule-days-e2e')
    const inZone = { in: tz(DEVICE_TIME_ZONE) }
    // Six days ahead, at local times: two slots that morning, one at 00:30 the next night (the day
    // before in UTC, so grouping by the UTC date would put it with the first two).
    const day = startOfDay(addDays(new Date(), 6), inZone)
    const at = (days: number, hours: number, minutes = 0) =>
      new Date(day.getTime() + (days * 24 + hours) * 3_600_000 + minutes * 60_000).toISOString()
    const from = await seed.createSlot({ provider: seed.providerA, startTime: at(0, 8) })
    const nine = await seed.createSlot({ provider: seed.providerA, startTime: at(0, 9) })
    const eleven = await seed.createSlot({ provider: seed.providerA, startTime: at(0, 11) })
    const night = await seed.createSlot({ provider: seed.providerA, startTime: at(1, 0, 30) })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    expect((await api.post('/api/bookings', { slotId: from.id })).status).toBe(201)

    const page = await device(customer, slotWeekHash(from))
    await openMyBookings(page)
    await bookingCard(page, from.id).getByTestId('reschedule-booking').click()
    const dialog = page.getByTestId('reschedule-dialog')
    const optionOf = (slot: Slot) => `[data-testid="reschedule-option"][data-slot-id="${slot.id}"]`
    const option = (slot: Slot) => dialog.locator(optionOf(slot))
    const dayOf = (slot: Slot) =>
      dialog.getByTestId('reschedule-day').filter({ has: page.locator(optionOf(slot)) })
    await option(nine).waitFor()
    const heading = (slot: Slot) => format(new Date(slot.startTime), 'EEEE d MMMM yyyy', inZone)
    expect(await dayOf(nine).getByTestId('reschedule-day-heading').textContent()).toBe(heading(nine))
    expect(await dayOf(eleven).getAttribute('data-day')).toBe(await dayOf(nine).getAttribute('data-day'))
    expect(await dayOf(night).getByTestId('reschedule-day-heading').textContent()).toBe(heading(night))
    expect(heading(night)).not.toBe(heading(nine))
    // Under its day an option reads its time; each day is a group named by its heading.
    expect(await option(nine).textContent()).toMatch(/^09:00–10:00\b/)
    const nightGroup = dialog.getByRole('group', { name: heading(night), exact: true })
    expect(await nightGroup.locator(optionOf(night)).count()).toBe(1)

    // One radio group across the days: the arrow keys go from the morning's last time to the night's.
    await option(eleven).locator('input').focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('ArrowDown')
    expect(await option(night).locator('input').isChecked()).toBe(true)
    await dialog.getByTestId('confirm-reschedule').click()
    await bookingCard(page, night.id).waitFor()
  })

  it('a move made offline to a slot that filled meanwhile is shown on My bookings as not made, until dismissed', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('late-mover-e2e')
    const from = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 44 })
    const to = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 45, maxBookings: 1 })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const booking = (await api.post('/api/bookings', { slotId: from.id })).body
    const { context, page } = await suite.device(customer, slotWeekHash(from))
    await openMyBookings(page)
    await bookingCard(page, from.id).waitFor()

    await setDeviceOffline(context, true)
    await bookingCard(page, from.id).getByTestId('reschedule-booking').click()
    const dialog = page.getByTestId('reschedule-dialog')
    await dialog.locator(`[data-testid="reschedule-option"][data-slot-id="${to.id}"] input`).check()
    await dialog.getByTestId('confirm-reschedule').click()
    await bookingCard(page, to.id).waitFor()
    // Offline the move is only saved here: no "moved", no calendar entry for a time not confirmed.
    const toast = page.getByTestId('toasts')
    expect(await toast.textContent()).toContain('saved on this device. It is sent when you are back online.')
    expect(await toast.textContent()).not.toContain('Booking moved to')
    expect(await bookingCard(page, to.id).getByTestId('add-to-calendar').count()).toBe(0)
    // Its status pill is neutral while the move is not sent: not green "Confirmed".
    expect(await bookingCard(page, to.id).getByTestId('booking-status').getAttribute('class')).toContain(
      'badge--pending',
    )
    const rival = await seed.createCustomer('rival-e2e')
    const rivalApi = suite.server.api(await suite.server.signIn(rival.email))
    expect((await rivalApi.post('/api/bookings', { slotId: to.id })).status).toBe(201)
    await setDeviceOffline(context, false)

    // Back at its old time, in its own section at the top, saying why.
    const notMoved = page.getByTestId('not-moved-bookings')
    const card = notMoved.locator(`[data-testid="booking-card"][data-booking-id="${booking.id}"]`)
    await card.waitFor({ timeout: LIVE_MS })
    expect(await card.getAttribute('data-slot-id')).toBe(from.id)
    const reason = card.getByTestId('not-moved-reason')
    expect(await reason.getAttribute('data-reason')).toBe('SLOT_FULL')
    expect(await reason.textContent()).toBe(
      'Not moved: the slot is fully booked. Your booking stays at this time.',
    )
    expect(await page.getByTestId('toasts').textContent()).not.toContain('Booking moved to')

    // Dismissed: read (the bell's notification too), and the booking is an upcoming one again.
    await card.getByTestId('dismiss-not-moved').click()
    await notMoved.waitFor({ state: 'detached' })
    await page.getByTestId('upcoming-bookings').locator(`[data-booking-id="${booking.id}"]`).waitFor()
    await waitForSynced(page)
    const notifications = (await api.get('/api/notifications')).body as {
      kind: string
      readAt: string | null
    }[]
    const told = notifications.filter((n) => n.kind === 'BOOKING_NOT_MOVED')
    expect(told.map((n) => n.readAt !== null)).toEqual([true])
  })

  it('offline, a cancel and a waitlist join are said as saved on this device, not as done', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('offline-words-e2e')
    const held = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 46, maxBookings: 4 })
    const full = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 47, maxBookings: 1 })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    expect((await api.post('/api/bookings', { slotId: held.id })).status).toBe(201)
    const rival = await seed.createCustomer('offline-words-rival-e2e')
    const rivalApi = suite.server.api(await suite.server.signIn(rival.email))
    expect((await rivalApi.post('/api/bookings', { slotId: full.id })).status).toBe(201)
    const { context, page } = await suite.device(customer, slotWeekHash(full))
    await page.locator(`[data-testid="slot-card"][data-slot-id="${full.id}"][data-state="full"]`).waitFor()
    await openMyBookings(page)
    await bookingCard(page, held.id).waitFor()

    await setDeviceOffline(context, true)
    const toast = page.getByTestId('toasts')
    await bookingCard(page, held.id).getByTestId('cancel-booking').click()
    await bookingCard(page, held.id).getByTestId('cancel-booking-confirm').click()
    await expect.poll(() => toast.textContent()).toContain('Cancellation saved on this device.')
    expect(await toast.textContent()).not.toContain('Your seat was released')

    await page.evaluate((hash) => {
      location.hash = hash
    }, slotWeekHash(full))
    await slotCard(page, full.id).click()
    await page.getByTestId('waitlist-dialog').getByTestId('join-waitlist').click()
    await expect.poll(() => toast.textContent()).toContain('Waitlist request saved on this device.')
    expect(await toast.textContent()).not.toContain('You joined the waitlist')
  })

  it('a customer books a slot weekly, all or nothing, and reads one outcome per week', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-e2e')
    const slots = await weeklySlots(seed, { weeks: 2, daysFromNow: 3.5, maxBookings: 2 })
    const page = await device(customer, slotWeekHash(slots[0] as Slot))
    await slotCard(page, (slots[0] as Slot).id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)
    await dialog.getByTestId('series-weeks').fill('2')
    await dialog.getByTestId('series-mode-ALL_OR_NOTHING').check()
    // What the form offers, read before sending: both weeks, by number of weeks.
    expect(await dialog.getByTestId('series-weeks-hint').textContent()).toBe('1–2 weeks')
    expect(await dialog.getByTestId('series-by-weeks').isChecked()).toBe(true)
    await dialog.getByTestId('confirm-series').click()

    const outcome = dialog.getByTestId('series-outcome')
    await outcome.waitFor()
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(2)
    const held = (await suite.server.api(await suite.server.signIn(customer.email)).get('/api/bookings'))
      .body as {
      slotId: string
    }[]
    expect(held.map((b) => b.slotId).sort()).toEqual(slots.map((s) => s.id).sort())

    // Provider A confirms by hand: each week is a request awaiting the provider, not "Booked".
    await expect.poll(() => outcome.getByTestId('outcome-row').first().textContent()).toMatch(/: Requested$/)

    // Closing the dialog keeps the outcome: My bookings lists it until the customer dismisses it.
    await dialog.getByRole('button', { name: 'Close' }).last().click()
    await openMyBookings(page)
    const listed = page.getByTestId('queued-series')
    expect(await listed.getByTestId('outcome-row').count()).toBe(2)
    await listed.getByTestId('dismiss-series').click()
    await listed.waitFor({ state: 'detached' })

    // My bookings: "Cancel rest of series" on the first week cancels both weeks.
    const first = bookingCard(page, (slots[0] as Slot).id)
    await first.getByTestId('cancel-rest-of-series').click()
    await first.getByTestId('cancel-rest-of-series-confirm').click()
    for (const slot of slots) await waitForBookingStatus(page, slot.id, 'CANCELLED', LIVE_MS)
  })

  it('a series booked offline waits on the device, then shows one outcome per week once sent', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('offline-series-e2e')
    const slots = await weeklySlots(seed, { weeks: 3, daysFromNow: 4.5, maxBookings: 1 })
    const [first, , taken] = slots as [Slot, Slot, Slot]
    const { context, page } = await suite.device(customer, slotWeekHash(first))

    await setDeviceOffline(context, true)
    await slotCard(page, first.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)
    await dialog.getByTestId('series-weeks').fill('3')
    await dialog.getByTestId('series-mode-BOOK_WHAT_IS_FREE').check()
    await dialog.getByTestId('confirm-series').click()
    await dialog.getByTestId('series-waiting').waitFor()
    expect(await dialog.getByTestId('series-waiting-week').count()).toBe(3)
    await dialog.getByRole('button', { name: 'Close' }).last().click()
    // Shown as the customer's unsent booking, counted as a change waiting; no seat taken yet.
    await slotCard(page, first.id).getByTestId('queued-series-week').waitFor()
    await page.locator('[data-testid="sync-indicator"][data-pending="1"]').waitFor()

    // Meanwhile another customer takes the third week; the series survives the wait in My bookings.
    const rival = await seed.createCustomer('offline-series-rival')
    const rivalApi = suite.server.api(await suite.server.signIn(rival.email))
    expect((await rivalApi.post('/api/bookings', { slotId: taken.id })).status).toBe(201)
    await openMyBookings(page)
    const queued = page.getByTestId('queued-series')
    await queued.getByTestId('series-waiting').waitFor()

    await setDeviceOffline(context, false)
    const outcome = queued.getByTestId('series-outcome')
    await outcome.waitFor({ timeout: LIVE_MS })
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(2)
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="false"]').textContent()).toContain(
      'full',
    )
    await waitForSynced(page)
    await page.locator('[data-testid="sync-indicator"][data-pending="0"]').waitFor()
    const held = (await suite.server.api(await suite.server.signIn(customer.email)).get('/api/bookings'))
      .body as { slotId: string }[]
    expect(held.map((b) => b.slotId).sort()).toEqual(
      slots
        .filter((s) => s !== taken)
        .map((s) => s.id)
        .sort(),
    )
    await queued.getByTestId('dismiss-series').click()
    await queued.waitFor({ state: 'detached' })
  })

  it('a customer cancels several bookings at once and reads one outcome per booking', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('cancel-several-e2e')
    const slots = [
      await seed.createSlot({ provider: seed.providerA, hoursFromNow: 60 }),
      await seed.createSlot({ provider: seed.providerA, hoursFromNow: 62 }),
    ]
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const ids: string[] = []
    for (const slot of slots) ids.push((await api.post('/api/bookings', { slotId: slot.id })).body.id)

    const page = await device(customer, slotWeekHash(slots[0] as Slot))
    await openMyBookings(page)
    const panel = page.getByTestId('cancel-several')
    await panel.locator('summary').click()
    for (const id of ids)
      await panel.locator(`[data-testid="cancel-several-row"][data-booking-id="${id}"] input`).check()
    await panel.getByTestId('cancel-several-submit').click()
    await panel.getByTestId('cancel-several-outcome').waitFor()
    expect(await panel.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(2)
    for (const slot of slots) await waitForBookingStatus(page, slot.id, 'CANCELLED', LIVE_MS)
  })

  it('a provider bulk-cancels with a reason; the customer sees it live, without a reload', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('bulk-e2e')
    const slots = [
      await seed.createSlot({ provider: seed.providerA, hoursFromNow: 50, maxBookings: 2 }),
      await seed.createSlot({ provider: seed.providerA, hoursFromNow: 52, maxBookings: 2 }),
    ]
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const ids: string[] = []
    for (const slot of slots) ids.push((await api.post('/api/bookings', { slotId: slot.id })).body.id)

    const customerPage = await device(customer, slotWeekHash(slots[0] as { id: string; startTime: string }))
    await openMyBookings(customerPage)
    for (const slot of slots) await waitForBookingStatus(customerPage, slot.id, 'PENDING')
    const loads = await customerPage.evaluate(() => performance.getEntriesByType('navigation').length)

    const providerPage = await device(seed.providerA, '#/inbox')
    const panel = providerPage.getByTestId('bulk-bookings')
    for (const id of ids)
      await panel.locator(`[data-testid="bulk-row"][data-booking-id="${id}"] input`).check()
    await panel.getByTestId('bulk-reason').fill('Provider ill this week')
    await panel.getByTestId('bulk-cancel').click()
    await panel.getByTestId('bulk-cancel-confirm').click()
    const outcome = panel.getByTestId('bulk-outcome')
    await outcome.waitFor()
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(2)

    for (const slot of slots) {
      await waitForBookingStatus(customerPage, slot.id, 'CANCELLED', LIVE_MS)
      const reason = bookingCard(customerPage, slot.id).getByTestId('status-reason')
      expect(await reason.textContent()).toContain('Provider ill this week')
    }
    // Live: the same document, never reloaded.
    expect(await customerPage.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads)

    // The same panel page blocks both slots at once, with a row each.
    const slotsPanel = providerPage.getByTestId('bulk-slots')
    for (const slot of slots)
      await slotsPanel.locator(`[data-testid="bulk-slot-row"][data-slot-id="${slot.id}"] input`).check()
    await slotsPanel.getByTestId('bulk-block').click()
    const blocked = slotsPanel.getByTestId('bulk-slots-outcome')
    await blocked.waitFor()
    expect(await blocked.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(2)
  })

  it('blocking several slots asks first when some hold bookings, and says they are kept', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('bulk-block-e2e')
    const booked = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 54, maxBookings: 2 })
    const free = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 56, maxBookings: 2 })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const booking = (await api.post('/api/bookings', { slotId: booked.id })).body as { id: string }

    const page = await device(seed.providerA, '#/inbox')
    const panel = page.getByTestId('bulk-slots')
    for (const slot of [booked, free])
      await panel.locator(`[data-testid="bulk-slot-row"][data-slot-id="${slot.id}"] input`).check()
    await panel.getByTestId('bulk-block').click()
    // Nothing is blocked before the provider answers the question.
    expect(await panel.locator('legend.confirm__question').textContent()).toBe(
      '1 of the 2 selected slots has 1 active booking. Blocking stops new bookings only: its customer keeps the booking and is notified. To call it off, cancel the booking. Block the 2 selected slots?',
    )
    const statusOf = async () =>
      ((await api.get('/api/bookings')).body as { id: string; status: string }[]).map((b) => [b.id, b.status])
    expect(await statusOf()).toEqual([[booking.id, 'PENDING']])
    await panel.getByTestId('bulk-block-confirm').click()
    const outcome = panel.getByTestId('bulk-slots-outcome')
    await outcome.waitFor()
    expect(await outcome.locator('[data-testid="outcome-row"][data-ok="true"]').count()).toBe(2)
    expect(await statusOf()).toEqual([[booking.id, 'PENDING']])
    for (const slot of [booked, free])
      expect((await api.get(`/api/slots/${slot.id}`)).body).toMatchObject({
        blocked: true,
        currentBookings: slot === booked ? 1 : 0,
      })
  })
})
