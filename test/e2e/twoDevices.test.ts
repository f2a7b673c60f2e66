/**
 * The client in real Chromium against a real suite.server: two browser contexts are two devices.
 * Covers live multi-device updates, offline booking with an offline reload, the last seat taken on
 * two offline devices (one confirmed, one visibly rejected), and a provider blocking a slot live.
 */
import { tz } from '@date-fns/tz'
import { addDays, addWeeks, format, startOfWeek } from 'date-fns'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  DEVICE_TIME_ZONE,
  bookingCard,
  bookSlot,
  openMyBookings,
  providerWeekHash,
  setDeviceOffline,
  slotCard,
  slotWeekHash,
  waitForBookingStatus,
  waitForOfflineReady,
  waitForRemaining,
  waitForSlotState,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import type { TestUser } from '../helpers/testFixtures.js'

/** How long a change may take to reach another device on loopback before the test fails. */
const LIVE_MS = 5_000
const TEST_MS = 90_000

/** Records every state the sync pill shows from now on; the returned function reads them. */
async function watchSyncStates(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { syncStates: string[] }).syncStates = seen
    const note = () => {
      const state = document.querySelector<HTMLElement>('[data-testid="sync-indicator"]')?.dataset.state
      if (state && seen.at(-1) !== state) seen.push(state)
    }
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-state'],
    })
  })
  return () => page.evaluate(() => (window as unknown as { syncStates: string[] }).syncStates)
}

describeInBrowser('two devices in Chromium', () => {
  const suite = browserSuite({ demo: true })
  const device = (user: Pick<TestUser, 'email' | 'password'>, hash: string, width?: number) =>
    suite.device(user, hash, { width })
  const screenshot = (page: Page, name: string, fullPage = true) => suite.screenshot(page, name, fullPage)

  it('a booking made online changes the seat count on the other device without a reload', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 2 })
    const a = await device(seed.customerA, slotWeekHash(slot))
    const b = await device(seed.customerB, slotWeekHash(slot))
    await waitForRemaining(a.page, slot.id, 3)
    await waitForRemaining(b.page, slot.id, 3)

    // Keyboard only: focus the slot, open the dialog with Enter, type a note, submit with Enter.
    await slotCard(a.page, slot.id).focus()
    await a.page.keyboard.press('Enter')
    await a.page.getByTestId('booking-notes').fill('First visit')
    await a.page.getByTestId('confirm-booking').press('Enter')
    await waitForRemaining(a.page, slot.id, 2, 1_000) // optimistic: at once, before the suite.server answers
    await waitForRemaining(b.page, slot.id, 2, LIVE_MS) // live: pushed, committed, streamed, pulled
    await waitForSynced(a.page)
    await screenshot(b.page, 'customer-week-view')

    const onServer = await suite.server
      .api(await suite.server.signIn(seed.customerB.email))
      .get(`/api/slots/${slot.id}`)
    expect(onServer.body.currentBookings).toBe(1)
  })

  it('two tabs of one browser share one database and both follow a booking', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 4, hoursFromNow: 7 })
    const { context, page } = await device(seed.customerB, slotWeekHash(slot))
    const secondTab = await context.newPage()
    await secondTab.goto(`/${slotWeekHash(slot)}`) // signed in already: same storage
    await waitForRemaining(secondTab, slot.id, 4)
    await bookSlot(secondTab, slot.id)
    await waitForRemaining(page, slot.id, 3, LIVE_MS)
    await waitForSynced(page)
    await waitForRemaining(secondTab, slot.id, 3)
    const onServer = await suite.server
      .api(await suite.server.signIn(seed.customerB.email))
      .get(`/api/slots/${slot.id}`)
    expect(onServer.body.currentBookings).toBe(1) // pushed once, not once per tab
  })

  it('books offline, keeps the pending booking across an offline reload, confirms on reconnect', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 2, hoursFromNow: 3 })
    const { context, page } = await device(seed.customerA, slotWeekHash(slot))
    await waitForRemaining(page, slot.id, 2)
    await waitForOfflineReady(page)

    await setDeviceOffline(context, true)
    await page.locator('[data-testid="sync-indicator"][data-state="offline"]').waitFor()
    await bookSlot(page, slot.id, 'Booked on the train')
    await waitForRemaining(page, slot.id, 1, 1_000)
    await page.locator('[data-testid="sync-indicator"][data-pending="1"]').waitFor()
    // One name for what waits on the device: the slot's badge and the legend say it as My bookings does.
    expect(await slotCard(page, slot.id).getByTestId('slot-not-sent').textContent()).toBe('Not sent yet')
    expect(await slotCard(page, slot.id).textContent()).not.toContain('syncing')
    expect(await page.getByRole('list', { name: 'Slot states' }).textContent()).toContain('Not sent yet')

    const reloaded = await page.reload() // the shell from the service worker's cache, data from IndexedDB
    expect(reloaded?.fromServiceWorker()).toBe(true)
    await waitForRemaining(page, slot.id, 1)
    // Not sent yet, not "Pending": the provider (who confirms automatically) has decided nothing yet.
    const note = slotCard(page, slot.id).getByTestId('own-booking')
    // Said once, by the card's badge (as My bookings' pill says it), not again beside it.
    expect(await note.textContent()).toBe('Your booking')
    expect((await slotCard(page, slot.id).textContent())?.match(/not sent yet/gi)).toEqual(['Not sent yet'])
    await openMyBookings(page)
    await waitForBookingStatus(page, slot.id, 'PENDING')
    expect(await bookingCard(page, slot.id).getByTestId('booking-status').textContent()).toBe('Not sent yet')
    await screenshot(page, 'offline-pending-booking')
    await setDeviceOffline(context, false)
    await waitForBookingStatus(page, slot.id, 'CONFIRMED', 20_000) // providerB auto-confirms
    // Sent and taken: said once, in a toast, like a booking made online (the reload did not lose it).
    const toasts = page.getByTestId('toasts').locator('.toast__text')
    await expect
      .poll(() => toasts.allTextContents(), { timeout: 5_000 })
      .toEqual([expect.stringMatching(/^Booked .+ on \w{3} \d{1,2} \w{3} at \d{2}:\d{2}\.$/)])
    await waitForSynced(page)
    const afterwards = await suite.server
      .api(await suite.server.signIn(seed.customerA.email))
      .get(`/api/slots/${slot.id}`)
    expect(afterwards.body.currentBookings).toBe(1)

    // Cancelling gives the seat back at once and on the suite.server.
    await bookingCard(page, slot.id).getByTestId('cancel-booking').click()
    await bookingCard(page, slot.id).getByTestId('cancel-booking-confirm').click()
    await waitForBookingStatus(page, slot.id, 'CANCELLED')
    await waitForSynced(page)
    const cancelled = await suite.server
      .api(await suite.server.signIn(seed.customerA.email))
      .get(`/api/slots/${slot.id}`)
    expect(cancelled.body.currentBookings).toBe(0)
  })

  it('two offline devices take the last seat: one confirmed, the other rejected with the reason', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 4 })
    const first = await device(seed.customerA, slotWeekHash(slot))
    const second = await device(seed.customerC, slotWeekHash(slot))
    await waitForRemaining(first.page, slot.id, 1)
    await waitForRemaining(second.page, slot.id, 1)

    await setDeviceOffline(first.context, true)
    await setDeviceOffline(second.context, true)
    await bookSlot(first.page, slot.id)
    await bookSlot(second.page, slot.id)
    await waitForSlotState(first.page, slot.id, 'full', 1_000)
    await waitForSlotState(second.page, slot.id, 'full', 1_000)

    await setDeviceOffline(first.context, false)
    await openMyBookings(first.page)
    await waitForBookingStatus(first.page, slot.id, 'CONFIRMED', 20_000)

    await setDeviceOffline(second.context, false)
    const notice = second.page.getByTestId('rejection-notice')
    await notice.waitFor({ timeout: 20_000 })
    expect(await notice.textContent()).toContain('fully booked')
    // The "sent when you are back online" toast of that booking is gone with the rejection.
    expect(await second.page.getByTestId('toasts').textContent()).not.toContain('Booked')
    await openMyBookings(second.page)
    await waitForBookingStatus(second.page, slot.id, 'REJECTED')
    const reason = bookingCard(second.page, slot.id).getByTestId('rejection-reason')
    expect(await reason.getAttribute('data-reason')).toBe('SLOT_FULL')
    expect(await reason.textContent()).toContain('You hold no seat in this slot.')
    // Said once, on the card: the banner above it is gone, and a booking never made has no reference.
    await expect.poll(() => notice.count(), { timeout: 2_000 }).toBe(0)
    expect(await bookingCard(second.page, slot.id).getByTestId('booking-reference').count()).toBe(0)
    await screenshot(second.page, 'rejected-booking')

    // Both devices show the server's count: one seat taken, none left, not two.
    await bookingCard(second.page, slot.id).getByTestId('find-another-slot').click()
    await waitForRemaining(second.page, slot.id, 0)
    await first.page.goto(`/${slotWeekHash(slot)}`)
    await waitForRemaining(first.page, slot.id, 0)
    await expect(slotCard(second.page, slot.id).textContent()).resolves.toContain('0 of 1 seat left')
    const firstApi = suite.server.api(await suite.server.signIn(seed.customerA.email))
    const onServer = await firstApi.get(`/api/slots/${slot.id}`)
    expect(onServer.body.currentBookings).toBe(1)

    // The seat frees and this customer books it after all: the rejected card is no failure any more,
    // it says plainly they are booked for this time (claiming no "other booking"), with no alarm.
    const held = (await firstApi.get('/api/bookings')).body as { id: string; slotId: string }[]
    const kept = held.find((b) => b.slotId === slot.id)
    expect((await firstApi.patch(`/api/bookings/${kept?.id}`, { status: 'CANCELLED' })).status).toBe(200)
    const secondApi = suite.server.api(await suite.server.signIn(seed.customerC.email))
    expect((await secondApi.post('/api/bookings', { slotId: slot.id })).status).toBe(201)
    await openMyBookings(second.page)
    const settled = second.page.getByTestId('rejected-but-held-bookings')
    const card = settled.getByTestId('booking-card')
    await card.waitFor({ timeout: LIVE_MS })
    expect(await card.getByTestId('rejection-reason').textContent()).toBe(
      'You’re booked for this time. This request was not booked, but you hold a seat in this slot.',
    )
    expect(await second.page.getByTestId('rejected-bookings').count()).toBe(0)
    expect(await card.getByTestId('find-another-slot').count()).toBe(0)
    expect(await card.getByTestId('booking-status').count()).toBe(0)
    await card.getByTestId('dismiss-rejected').click()
    await settled.waitFor({ state: 'detached' })
  })

  it('on a phone scrolled down the week, a refused offline booking is told in view and on its card', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 5 })
    const phone = await device(seed.customerA, slotWeekHash(slot), 390)
    await waitForRemaining(phone.page, slot.id, 1)
    await setDeviceOffline(phone.context, true)
    await bookSlot(phone.page, slot.id)
    // Another customer takes the last seat online meanwhile.
    const rivalApi = suite.server.api(await suite.server.signIn(seed.customerB.email))
    expect((await rivalApi.post('/api/bookings', { slotId: slot.id })).status).toBe(201)
    // The phone is scrolled down, far from the banner at the top of the page.
    await phone.page.evaluate(() => {
      document.body.style.minHeight = '6000px'
      window.scrollTo(0, 3000)
    })
    await setDeviceOffline(phone.context, false)
    await phone.page.getByTestId('rejection-notice').waitFor({ state: 'attached', timeout: 20_000 })
    const toast = phone.page.getByTestId('toasts')
    await expect.poll(() => toast.textContent(), { timeout: 5_000 }).toContain('Not booked')
    expect(await toast.textContent()).toContain('The slot is fully booked.')
    const box = await toast.boundingBox()
    const scrolled = await phone.page.evaluate(() => window.scrollY)
    expect(scrolled).toBeGreaterThan(1000)
    expect(box).not.toBeNull()
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0)
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(844)
    // The card says the customer's booking was not booked and how to go on, not only "Full".
    const refused = slotCard(phone.page, slot.id).getByTestId('refused-booking')
    await refused.waitFor()
    expect(await refused.textContent()).toBe(
      'Not booked: the slot is fully booked. Join the waitlist or find another slot.',
    )
  })

  it('a refused offline booking is told in a toast on My bookings too, once (not again on the week)', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('refused-elsewhere')
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 6 })
    const { context, page } = await device(customer, slotWeekHash(slot))
    await waitForRemaining(page, slot.id, 1)
    await setDeviceOffline(context, true)
    await bookSlot(page, slot.id)
    const rivalApi = suite.server.api(await suite.server.signIn(seed.customerB.email))
    expect((await rivalApi.post('/api/bookings', { slotId: slot.id })).status).toBe(201)
    // The customer is on My bookings, not on the week they booked from, when the refusal comes.
    await openMyBookings(page)
    await setDeviceOffline(context, false)
    await waitForBookingStatus(page, slot.id, 'REJECTED', 20_000)
    const toast = page.getByTestId('toasts')
    await expect.poll(() => toast.textContent(), { timeout: 5_000 }).toContain('Not booked')
    expect(await toast.textContent()).toContain(
      'The slot is fully booked. Join the waitlist or find another slot.',
    )

    // Said once: back on the week, no second toast of it.
    await page.getByTestId('toast-dismiss').click()
    await page.evaluate((hash) => {
      window.location.hash = hash
    }, slotWeekHash(slot))
    await slotCard(page, slot.id).getByTestId('refused-booking').waitFor()
    await page.waitForTimeout(500)
    expect(await toast.textContent()).not.toContain('Not booked')
  })

  it('the provider blocks a slot and the customer sees it unavailable live', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 4, hoursFromNow: 5 })
    // Bookings on the provider's other slots, so its calendar and stats have something to show.
    for (const [customer, booked, notes] of [
      [seed.customerA, seed.slots.five, 'Knee, second visit'],
      [seed.customerB, seed.slots.five, ''],
      [seed.customerC, seed.slots.pair, 'Prefers mornings'],
    ] as const) {
      const res = await suite.server
        .api(await suite.server.signIn(customer.email))
        .post('/api/bookings', { slotId: booked.id, notes })
      expect(res.status).toBe(201)
    }
    const provider = await device(seed.providerA, providerWeekHash(slot))
    const customer = await device(seed.customerB, slotWeekHash(slot))
    await waitForSlotState(customer.page, slot.id, 'available')

    await slotCard(provider.page, slot.id).click()
    const dialog = provider.page.getByTestId('slot-dialog')
    await dialog.getByTestId('toggle-block').click()
    await dialog.locator('[data-testid="toggle-block"][aria-pressed="true"]').waitFor()
    await waitForSlotState(customer.page, slot.id, 'blocked', LIVE_MS)
    expect(await slotCard(customer.page, slot.id).evaluate((el) => el.tagName)).toBe('DIV') // no longer a button
    await dialog.getByTestId('capacity-input').fill('6')
    await dialog.getByTestId('save-capacity').click()
    await waitForRemaining(customer.page, slot.id, 6, LIVE_MS)
    await provider.page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })

    // The provider confirms a pending booking from the slot's dialog.
    await slotCard(provider.page, seed.slots.five.id).click()
    const pending = dialog.locator('[data-testid="provider-booking"][data-status="PENDING"]')
    await pending.nth(1).waitFor() // both bookings made through the API have arrived
    expect(await pending.count()).toBe(2)
    // The provider sees who booked, in booking order.
    expect(await dialog.getByTestId('provider-booking-customer').allTextContents()).toEqual([
      seed.customerA.name,
      seed.customerB.name,
    ])
    await pending.first().getByRole('button', { name: 'Confirm' }).click()
    await dialog.locator('[data-testid="provider-booking"][data-status="CONFIRMED"]').waitFor()
    await screenshot(provider.page, 'provider-slot-bookings', false)
    await provider.page.keyboard.press('Escape')
    await screenshot(provider.page, 'provider-week-view')

    await provider.page.getByTestId('nav-stats').click()
    await provider.page.getByTestId('chart-day').waitFor()
    await provider.page.getByTestId('chart-week').waitFor()

    // The stats of the demo provider, whose two weeks of slots and bookings make a fuller chart.
    const demo = await device({ email: 'ana@demo.test', password: 'demo-password' }, '#/stats')
    await demo.page.getByTestId('chart-week').waitFor()
    await screenshot(demo.page, 'provider-stats')
  })

  it('the provider creates a weekly pattern and a single slot', { timeout: TEST_MS }, async () => {
    const { seed } = suite.server
    // The week after next: clear of the fixture slots (tomorrow) whatever today is.
    const monday = startOfWeek(addWeeks(new Date(), 2), { weekStartsOn: 1, in: tz(DEVICE_TIME_ZONE) })
    const day = (offset: number) =>
      format(addDays(monday, offset), 'yyyy-MM-dd', { in: tz(DEVICE_TIME_ZONE) })
    const { page } = await device(seed.providerA, `#/provider-slots?week=${day(0)}`)
    await page.getByTestId('empty').waitFor()

    await page.getByTestId('new-slots').click()
    const dialog = page.getByTestId('create-slots-dialog')
    await dialog.getByLabel('Weekly pattern').check()
    await dialog.getByLabel('From').fill(day(0))
    await dialog.getByLabel('Until (inclusive)').fill(day(4))
    await dialog.getByLabel(/Start times/).fill('08:00')
    await dialog.getByTestId('slot-capacity').fill('3')
    await dialog.getByTestId('create-slots').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('slot-card').count(), { timeout: LIVE_MS }).toBe(5) // Monday to Friday

    await page.getByTestId('new-slots').click()
    await dialog.getByTestId('slot-date').fill(day(2))
    await dialog.getByTestId('slot-time').fill('06:30') // ends as the 08:00 slot of the pattern starts
    await dialog.getByTestId('slot-capacity').fill('2')
    await dialog.getByTestId('create-slots').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('slot-card').count(), { timeout: LIVE_MS }).toBe(6)
    const wednesday = page.getByRole('region', { name: format(addDays(monday, 2), 'EEE d MMM') })
    await expect(wednesday.getByTestId('slot-card').first().textContent()).resolves.toContain('06:30–07:30')
    await expect(wednesday.getByTestId('slot-card').nth(1).textContent()).resolves.toContain(
      '3 of 3 seats left',
    )
  })

  it('offers the demo accounts on sign-in, and sign-out deletes the local database', {
    timeout: TEST_MS,
  }, async () => {
    const context = await suite.open()
    const page = await context.newPage()
    await page.goto('/')
    const demo = page.getByTestId('demo-credentials')
    await demo.getByRole('button', { name: /Carla Customer/ }).waitFor()
    // Each account says what it is: the providers administer their organisations (the pill said 'provider').
    const pill = (name: RegExp) => demo.getByRole('button', { name }).locator('.role')
    expect(await pill(/Ana Weber/).textContent()).toBe('admin')
    expect(await pill(/Ana Weber/).getAttribute('title')).toBe('provider and organisation admin')
    expect(await pill(/Carla Customer/).textContent()).toBe('customer')
    await screenshot(page, 'sign-in')
    // Keyboard: Enter on an account fills the form and moves on to "Sign in", so Enter again signs in.
    await demo.getByRole('button', { name: /Carla Customer/ }).focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('sign-in-submit')
    expect(await page.getByTestId('sign-in-email').inputValue()).toContain('@')
    const syncStates = await watchSyncStates(page)
    await page.keyboard.press('Enter')
    await waitForSynced(page)
    // Network fine: "Connecting…" until the server answered, never "Offline" meanwhile.
    expect(await syncStates()).not.toContain('offline')
    await page.locator('[data-testid="slot-card"]').first().waitFor()
    const localDatabases = () =>
      page.evaluate(async () =>
        (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes('uniservice')),
      )
    expect(await localDatabases()).not.toEqual([])

    await page.getByTestId('sign-out').click()
    await page.getByTestId('sign-in-submit').waitFor()
    await expect.poll(localDatabases, { timeout: 5_000 }).toEqual([])
    await page.reload()
    await page.getByTestId('sign-in-submit').waitFor() // the session is gone too
  })

  it("on a phone the sign-in screen opens on the app's name, above the form and the demo accounts", {
    timeout: TEST_MS,
  }, async () => {
    const context = await suite.open({ width: 390, height: 844 })
    const page = await context.newPage()
    await page.goto('/')
    const demo = page.getByTestId('demo-credentials')
    await demo.getByRole('button', { name: /Carla Customer/ }).waitFor()
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? -1
    const brand = await top('.sign-in__card .brand')
    expect(await page.locator('.sign-in__card .brand').textContent()).toBe('UniService Bookings')
    expect(brand).toBeGreaterThanOrEqual(0)
    expect(brand).toBeLessThan(await top('.sign-in__lead'))
    expect(brand).toBeLessThan(await top('[data-testid="demo-credentials"]'))
    expect(brand).toBeLessThan(844 / 4) // in view as the screen opens
  })

  it('a revoked session returns to sign-in, and signing in again sends the booking made meanwhile', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 2, hoursFromNow: 7 })
    const { context, page } = await device(seed.customerC, slotWeekHash(slot))
    await waitForRemaining(page, slot.id, 2)
    const token = await page.evaluate(
      () => JSON.parse(localStorage.getItem('uniservice.session') ?? '{}').token,
    )

    await setDeviceOffline(context, true)
    await bookSlot(page, slot.id, 'kept across sign-in')
    await page.locator('[data-testid="sync-indicator"][data-pending="1"]').waitFor()
    expect((await suite.server.api(token).delete('/api/session')).status).toBeLessThan(300)
    await setDeviceOffline(context, false)

    const notice = page.getByTestId('sign-in-notice')
    await notice.waitFor({ timeout: 20_000 })
    expect(await notice.textContent()).toContain('kept on this device')
    await page.getByTestId('sign-in-email').fill(seed.customerC.email)
    await page.getByTestId('sign-in-password').fill(seed.customerC.password)
    await page.getByTestId('sign-in-submit').click()
    await waitForSynced(page, 20_000)
    const onServer = await suite.server
      .api(await suite.server.signIn(seed.customerC.email))
      .get(`/api/slots/${slot.id}`)
    expect(onServer.body.currentBookings).toBe(1)
  })

  it('is readable at phone width', { timeout: TEST_MS }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 6, hoursFromNow: 6 })
    const phone = await device(seed.customerA, slotWeekHash(slot), 390)
    await waitForRemaining(phone.page, slot.id, 6)
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await screenshot(phone.page, 'customer-phone')
    // The header (about a quarter of a phone's screen) scrolls away with the page instead of staying on top.
    await phone.page.evaluate(() => window.scrollTo(0, 600))
    await expect
      .poll(async () => (await phone.page.locator('.topbar').boundingBox())?.y ?? 0)
      .toBeLessThan(-100)
  })
})
