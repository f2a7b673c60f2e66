/**
 * Issue 16 in real Chromium: a provider's device goes offline (context.setOffline and every request
 * aborted), customers act online through the API, the provider reconnects. The provider's screen then
 * shows each refused change with its reason and the server's value, and the pending count in the
 * header equals the changes queued on the device throughout.
 *
 * The 1 s is a latency, measured where latencies are measured: `npm run bench`
 * (uiLatency.ts, "provider back online -> refused change shown", target max <= 1 s; 183–332 ms over
 * 8 rounds there). Here each case prints how long it took and fails only past SHOWN_MS: a 1 s bound
 * failed CI twice on a loaded 2-core machine (up to 855 ms here idle, 1,307 ms with four busy loops
 * beside it). That a device reacts to the network coming back, instead of finishing its retry pause,
 * is held by replicationDevices (g) with pauses of 30 s.
 */
import { TZDate, tz } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import type { BrowserContext, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  providerWeekHash,
  setDeviceOffline,
  signInThroughUi,
  slotCard,
  waitForRemaining,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import type { E2eServer } from '../helpers/e2eServer.js'
import type { TestUser } from '../helpers/testFixtures.js'

const TEST_MS = 90_000
/** Reconnecting to the notice, reason and server value on screen: a bound for a loaded CI, see above. */
const SHOWN_MS = 10_000

async function customerBooks(server: E2eServer, customer: TestUser, slotId: string): Promise<void> {
  const booked = await server.api(await server.signIn(customer.email)).post('/api/bookings', { slotId })
  expect(booked.status).toBe(201)
}

async function pendingCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('sync-indicator').getAttribute('data-pending'))
}

/** The header's pending count settles on `count` (it is counted again after each local write). */
async function expectPending(page: Page, count: number): Promise<void> {
  await expect.poll(() => pendingCount(page), { timeout: SHOWN_MS }).toBe(count)
}

/** A start in the middle of the day three days from now, where the week grid surely shows it. */
function middayStart(hour: number): string {
  const start = new Date(Date.now() + 3 * 86_400_000)
  start.setUTCHours(hour, 0, 0, 0)
  return start.toISOString()
}

/** Reconnects and waits for the refused change to be on screen; returns how long that took. */
async function reconnectUntilRefusalShown(context: BrowserContext, page: Page): Promise<number> {
  const started = Date.now()
  await setDeviceOffline(context, false)
  await page.getByTestId('refused-change').first().waitFor({ timeout: SHOWN_MS })
  return Date.now() - started
}

/**
 * On the provider's week page: opens New slots once online (so its services are on the device), goes
 * offline and creates a weekly pattern at 10:00 from `from` to `until` (yyyy-MM-dd); the dialog closes.
 */
async function weeklyPatternOffline(context: BrowserContext, page: Page, from: string, until: string) {
  await page.getByTestId('new-slots').click()
  const dialog = page.getByTestId('create-slots-dialog')
  await dialog.getByTestId('slot-date').waitFor()
  await page.keyboard.press('Escape')

  await setDeviceOffline(context, true)
  await page.getByTestId('new-slots').click()
  await dialog.getByLabel('Weekly pattern').check()
  await dialog.getByLabel('From').fill(from)
  await dialog.getByLabel('Until (inclusive)').fill(until)
  await dialog.getByLabel('Start times (HH:mm, separated by commas)').fill('10:00')
  await dialog.getByTestId('create-slots').click()
  await dialog.waitFor({ state: 'hidden' })
}

async function openSlot(page: Page, slotId: string) {
  await slotCard(page, slotId).click()
  return page.getByTestId('slot-dialog')
}

describeInBrowser('a provider offline in Chromium', () => {
  const suite = browserSuite({ demo: true })
  const device = (user: Pick<TestUser, 'email' | 'password'>, hash: string) => suite.device(user, hash)

  it('1: capacity lowered offline below two online bookings: refused, reason and suite.server value shown', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: middayStart(14),
    })
    const { context, page } = await device(seed.providerB, providerWeekHash(slot))
    await setDeviceOffline(context, true)
    const dialog = await openSlot(page, slot.id)
    await dialog.getByTestId('capacity-input').fill('1')
    await dialog.getByTestId('save-capacity').click()
    await page.getByText('Saved on this device, sent when you are back online.').first().waitFor()
    await page.keyboard.press('Escape')
    await expectPending(page, 1)
    await customerBooks(suite.server, seed.customerA, slot.id)
    await customerBooks(suite.server, seed.customerB, slot.id)

    const shownAfter = await reconnectUntilRefusalShown(context, page)
    const refused = page.getByTestId('refused-change')
    expect(await refused.getByTestId('refused-change-reason').textContent()).toContain(
      'Capacity cannot go below the number of active bookings',
    )
    expect(await refused.getByTestId('refused-change-server').textContent()).toContain('capacity 3, 2 booked')
    expect(await refused.textContent()).toContain('capacity 1')
    await waitForRemaining(page, slot.id, 1)
    await waitForSynced(page)
    // The "sent when you are back online" toast went when the suite.server answered.
    expect(await page.getByText('sent when you are back online').count()).toBe(0)
    // The sync pill never says "all changes saved" while a refusal is listed: it counts it, and its
    // count leads to the list (seen from the bottom of the page, where only the pill is in view).
    const pill = page.getByTestId('sync-indicator')
    expect(await pill.textContent()).toContain('1 change not saved')
    expect(await pill.textContent()).not.toContain('all changes saved')
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await pill.getByTestId('sync-not-saved').click()
    const list = page.getByTestId('refused-changes')
    await expect.poll(() => list.evaluate((el) => el === document.activeElement)).toBe(true)
    await expect
      .poll(() =>
        list.evaluate((el) => {
          const box = el.getBoundingClientRect()
          return box.top >= 0 && box.top < window.innerHeight
        }),
      )
      .toBe(true)
    await refused.getByTestId('dismiss-change').click()
    await refused.waitFor({ state: 'detached' })
    await expect.poll(() => pill.textContent()).toContain('all changes saved')
    console.info(`case 1: refusal on screen ${shownAfter} ms after reconnecting`)
  })

  it('2: a slot deleted offline while a customer booked it comes back with the reason', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: middayStart(16),
    })
    const { context, page } = await device(seed.providerB, providerWeekHash(slot))
    await setDeviceOffline(context, true)
    const dialog = await openSlot(page, slot.id)
    await dialog.getByRole('button', { name: 'Delete slot' }).click()
    await dialog.getByRole('button', { name: 'Yes, delete' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await slotCard(page, slot.id).waitFor({ state: 'detached' })
    await expectPending(page, 1)
    await customerBooks(suite.server, seed.customerA, slot.id)

    const shownAfter = await reconnectUntilRefusalShown(context, page)
    const refused = page.getByTestId('refused-change')
    expect(await refused.textContent()).toContain('Not saved: deleting the slot on ')
    expect(await refused.getByTestId('refused-change-reason').textContent()).toContain(
      'The slot still has active bookings',
    )
    expect(await refused.getByTestId('refused-change-server').textContent()).toContain('1 booked')
    await waitForRemaining(page, slot.id, 2)
    await waitForSynced(page)
    console.info(`case 2: refusal on screen ${shownAfter} ms after reconnecting`)
  })

  it('3: two devices set one capacity offline; the later one is told, and applies it again in one click', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: middayStart(18),
    })
    const first = await device(seed.providerB, providerWeekHash(slot))
    const second = await device(seed.providerB, providerWeekHash(slot))
    for (const [d, capacity] of [
      [first, '5'],
      [second, '2'],
    ] as const) {
      await setDeviceOffline(d.context, true)
      const dialog = await openSlot(d.page, slot.id)
      await dialog.getByTestId('capacity-input').fill(capacity)
      await dialog.getByTestId('save-capacity').click()
      await d.page.keyboard.press('Escape')
      await expectPending(d.page, 1)
    }
    await setDeviceOffline(first.context, false)
    await waitForSynced(first.page)
    await waitForRemaining(first.page, slot.id, 5)

    const shownAfter = await reconnectUntilRefusalShown(second.context, second.page)
    const refused = second.page.getByTestId('refused-change')
    expect(await refused.getAttribute('data-code')).toBe('STALE_BASE')
    expect(await refused.textContent()).toContain('capacity 2')
    expect(await refused.getByTestId('refused-change-server').textContent()).toContain('capacity 5')
    await waitForRemaining(second.page, slot.id, 5)
    // No silent last writer: the first device still shows 5 and was told nothing.
    expect(await first.page.getByTestId('refused-change').count()).toBe(0)
    await waitForRemaining(first.page, slot.id, 5)

    await refused.getByTestId('apply-again').click()
    await refused.waitFor({ state: 'detached' })
    await waitForRemaining(first.page, slot.id, 2, SHOWN_MS)
    await waitForSynced(second.page)
    console.info(`case 3: stale-base notice on screen ${shownAfter} ms after reconnecting`)
  })

  it('two capacity changes to one slot offline: both counted; the one replaced before it was sent is shown', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const first = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: middayStart(8),
    })
    const slot = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: middayStart(10),
    })
    const { context, page } = await device(seed.providerB, providerWeekHash(slot))
    await setDeviceOffline(context, true)
    const setCapacity = async (slotId: string, capacity: string, pending: number) => {
      const dialog = await openSlot(page, slotId)
      await dialog.getByTestId('capacity-input').fill(capacity)
      await dialog.getByTestId('save-capacity').click()
      await page.keyboard.press('Escape')
      await expectPending(page, pending)
    }
    // The first change's push leaves at once and is retried as it was; the next two leave together.
    await setCapacity(first.id, '4', 1)
    await setCapacity(slot.id, '5', 2)
    await setCapacity(slot.id, '6', 3)

    const started = Date.now()
    await setDeviceOffline(context, false)
    const replaced = page.getByTestId('replaced-change')
    await replaced.waitFor({ timeout: SHOWN_MS })
    const shownAfter = Date.now() - started
    expect(await replaced.textContent()).toContain('capacity 5')
    expect(await replaced.getByTestId('replaced-change-by').textContent()).toContain('capacity 6')
    await waitForRemaining(page, slot.id, 6)
    await waitForSynced(page)
    expect(await page.getByTestId('refused-change').count()).toBe(0)
    await replaced.getByTestId('dismiss-change').click()
    await replaced.waitFor({ state: 'detached' })
    console.info(`two changes to one slot: the replaced one on screen ${shownAfter} ms after reconnecting`)
  })

  /**
   * The walk: device A offline sets capacity 5 (its push leaves and fails), then 6; device B, online
   * as the same provider, sets 2; A reconnects. A's 6 was decided on the same base as 5, never having
   * seen B's 2: both are refused, the server keeps B's 2, and only 6 (the provider's latest intent)
   * can be applied again. Before, 6 went over B's 2 unseen while the card of 5 still said "Now on the
   * server: capacity 2" and offered "Apply again", which set 5 over the provider's own 6.
   */
  it('3c: capacity 5 then 6 offline while another device set 2: both refused; only 6 is applied again', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: middayStart(12),
    })
    const a = await device(seed.providerB, providerWeekHash(slot))
    const b = await device(seed.providerB, providerWeekHash(slot))
    const setCapacity = async (page: Page, capacity: string) => {
      const dialog = await openSlot(page, slot.id)
      await dialog.getByTestId('capacity-input').fill(capacity)
      await dialog.getByTestId('save-capacity').click()
      await page.keyboard.press('Escape')
    }
    await setDeviceOffline(a.context, true)
    // The push of 5 leaves at once and fails: it is retried as it was, so 6 goes in a push of its own.
    const pushFailed = a.page.waitForEvent('requestfailed', {
      predicate: (request) => request.url().includes('/api/replication/slots/push'),
      timeout: SHOWN_MS,
    })
    await setCapacity(a.page, '5')
    await pushFailed
    await setCapacity(a.page, '6')
    await expectPending(a.page, 2)
    await setCapacity(b.page, '2')
    await waitForSynced(b.page)
    await waitForRemaining(b.page, slot.id, 2)

    const started = Date.now()
    await setDeviceOffline(a.context, false)
    const refused = a.page.getByTestId('refused-change')
    await expect.poll(() => refused.count(), { timeout: SHOWN_MS }).toBe(2)
    const shownAfter = Date.now() - started
    await waitForSynced(a.page)
    // The server and both devices keep B's 2: nothing of A's went over it unseen.
    const token = await suite.server.signIn(seed.providerB.email)
    const onServer = async () =>
      (await suite.server.api(token).get(`/api/slots/${slot.id}`)).body.maxBookings as number
    expect(await onServer()).toBe(2)
    await waitForRemaining(a.page, slot.id, 2)
    await waitForRemaining(b.page, slot.id, 2)

    const five = refused.filter({ hasText: 'capacity 5 for the slot' })
    const six = refused.filter({ hasText: 'capacity 6 for the slot' })
    for (const card of [five, six]) expect(await card.getAttribute('data-code')).toBe('STALE_BASE')
    // 5 names the provider's later change, claims no server value and cannot be applied over 6.
    expect(await five.getByTestId('refused-change-replaced-by').textContent()).toContain('capacity 6')
    expect(await five.getByTestId('refused-change-server').count()).toBe(0)
    expect(await five.getByTestId('apply-again').count()).toBe(0)
    expect(await six.getByTestId('refused-change-server').textContent()).toContain('capacity 2, 0 booked')
    expect(await a.page.getByTestId('sync-indicator').textContent()).toContain('2 changes not saved')

    await six.getByTestId('apply-again').click()
    await six.waitFor({ state: 'detached' })
    await waitForRemaining(b.page, slot.id, 6, SHOWN_MS)
    await waitForRemaining(a.page, slot.id, 6, SHOWN_MS)
    await waitForSynced(a.page)
    expect(await onServer()).toBe(6)
    // 5 stays listed (nothing vanishes unseen), still with nothing to undo 6 with, until dismissed.
    expect(await refused.count()).toBe(1)
    expect(await five.getByTestId('apply-again').count()).toBe(0)
    await five.getByTestId('dismiss-change').click()
    await five.waitFor({ state: 'detached' })
    await expect.poll(() => a.page.getByTestId('sync-indicator').textContent()).toContain('all changes saved')
    console.info(`case 3c: both refusals on screen ${shownAfter} ms after reconnecting`)
  })

  it('6: a slot created offline is pushed on reconnect; one overlapping a slot made meanwhile is refused', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const zone = seed.providerB.timeZone
    const day = format(addDays(new Date(), 40), 'yyyy-MM-dd', { in: tz(zone) })
    const { context, page } = await device(seed.providerB, `#/provider-slots?week=${day}`)
    // Opened once online: the services are kept on the device for offline use.
    await page.getByTestId('new-slots').click()
    const dialog = page.getByTestId('create-slots-dialog')
    await dialog.getByTestId('slot-date').waitFor()
    await page.keyboard.press('Escape')

    await setDeviceOffline(context, true)
    for (const time of ['09:00', '11:00']) {
      await page.getByTestId('new-slots').click()
      await dialog.getByTestId('slot-date').fill(day)
      await dialog.getByTestId('slot-time').fill(time)
      await dialog.getByTestId('create-slots').click()
      await dialog.waitFor({ state: 'hidden' })
    }
    await page.getByText('Saved on this device, sent when you are back online.').first().waitFor()
    await expectPending(page, 2)
    // Meanwhile the provider's other device takes 09:00 online.
    const token = await suite.server.signIn(seed.providerB.email)
    const services = await suite.server.api(token).get(`/api/services?providerId=${seed.providerB.id}`)
    const [year = 0, month = 1, date = 1] = day.split('-').map(Number)
    const at = (hour: number) => new Date(new TZDate(year, month - 1, date, hour, 0, 0, zone).getTime())
    const taken = await suite.server.api(token).post('/api/slots', {
      serviceId: services.body[0].id,
      startTime: at(9).toISOString(),
      endTime: at(10).toISOString(),
      maxBookings: 1,
    })
    expect(taken.status).toBe(201)

    const shownAfter = await reconnectUntilRefusalShown(context, page)
    const refused = page.getByTestId('refused-change')
    expect(await refused.count()).toBe(1)
    // What the slot was to be, so it can be made again.
    expect(await refused.textContent()).toMatch(
      /Not saved: a new slot on \w+day .+, 09:00 \(Tutoring, 60 minutes, capacity 1\)\./,
    )
    expect(await refused.getByTestId('refused-change-reason').textContent()).toContain('overlaps')
    expect(await refused.getByTestId('refused-change-server').textContent()).toContain('not created')
    await waitForSynced(page)
    await expectPending(page, 0)
    console.info(`case 6: refused creation on screen ${shownAfter} ms after reconnecting`)
  })

  it('6b: a weekly pattern made offline: per slot, created or refused with the reason, on reconnecting', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const zone = seed.providerB.timeZone
    // A Monday seven weeks ahead, and the Tuesday to Thursday after it: one week on screen.
    let monday = addDays(new Date(), 49)
    while (format(monday, 'i', { in: tz(zone) }) !== '1') monday = addDays(monday, 1)
    const day = (offset: number) => format(addDays(monday, offset), 'yyyy-MM-dd', { in: tz(zone) })
    const at = (offset: number, hour: number) => {
      const [year = 0, month = 1, date = 1] = day(offset).split('-').map(Number)
      return new Date(new TZDate(year, month - 1, date, hour, 0, 0, zone).getTime())
    }
    const token = await suite.server.signIn(seed.providerB.email)
    const services = await suite.server.api(token).get(`/api/services?providerId=${seed.providerB.id}`)
    const takeTen = async (offset: number) => {
      const taken = await suite.server.api(token).post('/api/slots', {
        serviceId: services.body[0].id,
        startTime: at(offset, 10).toISOString(),
        endTime: at(offset, 11).toISOString(),
        maxBookings: 1,
      })
      expect(taken.status).toBe(201)
    }
    // Monday 10:00 is taken before: the device knows it, and its form skips that occurrence.
    await takeTen(0)
    const { context, page } = await device(seed.providerB, `#/provider-slots?week=${day(0)}`)
    await weeklyPatternOffline(context, page, day(0), day(3))
    await page.getByText('3 slots created, 1 skipped (1 overlapping your slots).').first().waitFor()
    await expectPending(page, 3)
    const waiting = page.locator('[data-testid="slot-card"]:has([data-testid="slot-not-sent"])')
    const queuedIds = await waiting.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-slot-id')))
    expect(queuedIds).toHaveLength(3)
    // Meanwhile the provider's other device takes Tuesday and Wednesday 10:00 online.
    await takeTen(1)
    await takeTen(2)

    const started = Date.now()
    await setDeviceOffline(context, false)
    const refused = page.getByTestId('refused-change')
    // The refusals on screen first; the queue then empties (its own pace).
    await expect.poll(() => refused.count(), { timeout: SHOWN_MS }).toBe(2)
    const shownAfter = Date.now() - started
    await expect.poll(() => pendingCount(page), { timeout: SHOWN_MS }).toBe(0)
    await waiting.first().waitFor({ state: 'detached', timeout: SHOWN_MS })

    for (const text of await refused.allTextContents()) {
      expect(text).toContain('a new slot on ')
      expect(text).toContain('(Tutoring, 60 minutes, capacity 1)')
      expect(text).toContain('overlaps')
      expect(text).toContain('not created')
    }
    const { rows } = await suite.server.db.query<{ id: string }>(
      'SELECT id FROM slots WHERE id = ANY($1::uuid[]) AND NOT deleted',
      [queuedIds],
    )
    // The one created is Thursday's, with the device's id, on the server and on screen (no longer waiting).
    expect(rows).toHaveLength(1)
    const created = rows[0]?.id ?? ''
    expect(await slotCard(page, created).textContent()).not.toContain('Not sent yet')
    for (const id of queuedIds.filter((q) => q !== created))
      await slotCard(page, id ?? '').waitFor({ state: 'detached' })
    console.info(`case 6b: weekly pattern outcomes on screen ${shownAfter} ms after reconnecting`)
  })

  it('6d: a weekly pattern of 2 slots made offline, one time taken meanwhile: its toast goes once the server answers', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const zone = seed.providerB.timeZone
    let monday = addDays(new Date(), 63)
    while (format(monday, 'i', { in: tz(zone) }) !== '1') monday = addDays(monday, 1)
    const day = (offset: number) => format(addDays(monday, offset), 'yyyy-MM-dd', { in: tz(zone) })
    const token = await suite.server.signIn(seed.providerB.email)
    const services = await suite.server.api(token).get(`/api/services?providerId=${seed.providerB.id}`)
    const { context, page } = await device(seed.providerB, `#/provider-slots?week=${day(0)}`)
    await weeklyPatternOffline(context, page, day(0), day(1))
    const toast = page
      .getByTestId('toasts')
      .getByText('2 slots created. Saved on this device, sent when you are back online.')
    await toast.waitFor()
    const toastShown = Date.now()
    await expectPending(page, 2)
    // Meanwhile the provider's other device takes Tuesday 10:00 online.
    const [year = 0, month = 1, date = 1] = day(1).split('-').map(Number)
    const at = (hour: number) => new Date(new TZDate(year, month - 1, date, hour, 0, 0, zone).getTime())
    const taken = await suite.server.api(token).post('/api/slots', {
      serviceId: services.body[0].id,
      startTime: at(10).toISOString(),
      endTime: at(11).toISOString(),
      maxBookings: 1,
    })
    expect(taken.status).toBe(201)

    await setDeviceOffline(context, false)
    const refused = page.getByTestId('refused-change')
    await refused.waitFor({ timeout: SHOWN_MS })
    expect(await refused.count()).toBe(1)
    expect(await refused.getByTestId('refused-change-reason').textContent()).toContain('overlaps')
    // Answered: the toast saying they are sent later goes (it stayed for its five seconds before,
    // while the list already showed the refusal).
    await toast.waitFor({ state: 'detached', timeout: 2000 })
    const goneAfter = Date.now() - toastShown
    await waitForSynced(page)
    await expectPending(page, 0)
    expect(await page.getByText('sent when you are back online').count()).toBe(0)
    // Past the toast's own five seconds this case shows nothing: say so rather than pass unseen.
    const inconclusive = goneAfter >= 5000 ? ' (past its own 5 s: inconclusive)' : ''
    console.info(`case 6d: offline toast gone ${goneAfter} ms after it showed${inconclusive}`)
  })

  it('6c: signed in fresh, the New slots form never opened online: a slot is created offline', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const day = format(addDays(new Date(), 45), 'yyyy-MM-dd', { in: tz(seed.providerB.timeZone) })
    const context = await suite.open()
    const page = await context.newPage()
    // The services are read once the provider's data opens, not when the form first opens: that read
    // is let finish (none comes without it, and the form then fails offline).
    const servicesRead = page
      .waitForResponse((r) => r.url().includes('/api/services?') && r.ok(), { timeout: 30_000 })
      .catch(() => null)
    await signInThroughUi(page, seed.providerB.email, seed.providerB.password, `#/provider-slots?week=${day}`)
    await servicesRead
    await waitForSynced(page)

    await setDeviceOffline(context, true)
    await page.getByTestId('new-slots').click()
    const dialog = page.getByTestId('create-slots-dialog')
    await dialog.getByTestId('single-slot-form').waitFor({ timeout: SHOWN_MS })
    expect(await dialog.getByTestId('slot-service').textContent()).toContain('Tutoring')
    await dialog.getByTestId('slot-date').fill(day)
    await dialog.getByTestId('slot-time').fill('15:00')
    await dialog.getByTestId('create-slots').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByText('Saved on this device, sent when you are back online.').first().waitFor()
    await expectPending(page, 1)

    await setDeviceOffline(context, false)
    await expectPending(page, 0)
    await waitForSynced(page)
  })
})
