/**
 * UI latency in real Chromium on loopback (npx tsx test/bench/uiLatency.ts [rounds]):
 * 1. click on "Book" to the slot's seat count changing on the same device (the optimistic write);
 * 2. a booking on device A to the seat count changing on device B (push, commit, NOTIFY, stream,
 *    pull, render);
 * 3. a provider's device back online to its refused change on screen (issue 16's bar: within 1 s):
 *    offline, the provider lowers a capacity below the two seats customers then book online.
 * Each round uses a different slot; the clocks are the machine's (performance.timeOrigin + now).
 */
import { tz } from '@date-fns/tz'
import { addDays, addMinutes, startOfDay } from 'date-fns'
import type { BrowserContext, Page } from 'playwright-core'
import {
  DEVICE_TIME_ZONE,
  providerWeekHash,
  setDeviceOffline,
  signInThroughUi,
  slotCard,
  slotWeekHash,
  waitForSynced,
} from '../helpers/appDriver.js'
import { launchBrowser, openDevice } from '../helpers/browser.js'
import { type E2eServer, startE2eServer } from '../helpers/e2eServer.js'
import { median, percentile } from './stats.js'

const rounds = Number(process.argv[2] ?? 20)

/** Epoch ms (sub-ms precision) when the slot's card next shows `remaining` seats, observed in the page. */
function watchRemaining(page: Page, slotId: string, remaining: number): Promise<number> {
  return page.evaluate(
    ({ slotId, remaining }) =>
      new Promise<number>((resolve) => {
        const selector = `[data-testid="slot-card"][data-slot-id="${slotId}"][data-remaining="${remaining}"]`
        const observer = new MutationObserver(() => {
          if (!document.querySelector(selector)) return
          observer.disconnect()
          resolve(performance.timeOrigin + performance.now())
        })
        observer.observe(document.body, { subtree: true, childList: true, attributes: true })
      }),
    { slotId, remaining },
  )
}

/** Opens the booking dialog, then clicks "Book" from inside the page; returns the click's epoch ms. */
async function clickBook(page: Page, slotId: string): Promise<number> {
  await slotCard(page, slotId).click()
  const button = page.getByTestId('confirm-booking')
  await button.waitFor()
  return button.evaluate((el) => {
    const at = performance.timeOrigin + performance.now()
    ;(el as HTMLButtonElement).click()
    return at
  })
}

/**
 * Epoch ms from the page's 'online' event to the next refused change on screen, both observed in the
 * page (the driver's own round trips are not counted).
 */
function watchRefusalAfterOnline(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const selector = '[data-testid="refused-change"]'
        const before = document.querySelectorAll(selector).length
        window.addEventListener(
          'online',
          () => {
            const onlineAt = performance.now()
            const observer = new MutationObserver(() => {
              if (document.querySelectorAll(selector).length <= before) return
              observer.disconnect()
              resolve(performance.now() - onlineAt)
            })
            observer.observe(document.body, { subtree: true, childList: true })
          },
          { once: true },
        )
      }),
  )
}

/** Round 3: the provider's capacity change made offline, refused once the device is back online. */
async function reconnectToRefusal(
  server: E2eServer,
  provider: { context: BrowserContext; page: Page },
  slotId: string,
): Promise<number> {
  const { context, page } = provider
  await setDeviceOffline(context, true)
  await slotCard(page, slotId).click()
  const dialog = page.getByTestId('slot-dialog')
  await dialog.getByTestId('capacity-input').fill('1')
  await dialog.getByTestId('save-capacity').click()
  await page.getByText('Saved on this device, sent when you are back online.').first().waitFor()
  await page.keyboard.press('Escape')
  for (const customer of [server.seed.customerA, server.seed.customerB]) {
    const booked = await server.api(await server.signIn(customer.email)).post('/api/bookings', { slotId })
    if (booked.status !== 201) throw new Error(`booking answered ${booked.status}`)
  }
  const shown = watchRefusalAfterOnline(page)
  await setDeviceOffline(context, false)
  const ms = await shown
  const refused = page.getByTestId('refused-change')
  await refused.getByTestId('dismiss-change').click()
  await refused.waitFor({ state: 'detached' })
  await waitForSynced(page)
  return ms
}

function summary(name: string, values: number[]): string {
  const f = (v: number) => v.toFixed(1)
  return `${name}: median ${f(median(values))} ms, p90 ${f(percentile(values, 90))} ms, min ${f(Math.min(...values))} ms, max ${f(Math.max(...values))} ms (n=${values.length})`
}

const server = await startE2eServer()
const browser = await launchBrowser()
try {
  const { seed } = server
  // All slots on one day (tomorrow, from 06:00 every 30 minutes) so one week view shows them all.
  const dayStart = addMinutes(startOfDay(addDays(new Date(), 1), { in: tz(DEVICE_TIME_ZONE) }), 6 * 60)
  const slots = []
  for (let i = 0; i < rounds; i++) {
    slots.push(
      await seed.createSlot({
        provider: seed.providerB,
        maxBookings: 2,
        startTime: addMinutes(dayStart, i * 30).toISOString(),
      }),
    )
  }
  const first = slots[0]
  if (!first) throw new Error('rounds must be at least 1')
  const pages = []
  for (const user of [seed.customerA, seed.customerB]) {
    const page = await (await openDevice(browser, server.url)).newPage()
    await signInThroughUi(page, user.email, user.password, slotWeekHash(first))
    await waitForSynced(page)
    pages.push(page)
  }
  const [a, b] = pages as [Page, Page]
  const optimistic: number[] = []
  const propagation: number[] = []
  for (const slot of slots) {
    await slotCard(b, slot.id).waitFor()
    const seenOnA = watchRemaining(a, slot.id, 1)
    const seenOnB = watchRemaining(b, slot.id, 1)
    const clickedAt = await clickBook(a, slot.id)
    optimistic.push((await seenOnA) - clickedAt)
    propagation.push((await seenOnB) - clickedAt)
    await waitForSynced(a)
  }

  // Round 3 on slots of their own (capacity 3, the next day), fewer rounds: each waits for a sync.
  const refusalRounds = Math.max(1, Math.ceil(rounds / 4))
  const held = []
  for (let i = 0; i < refusalRounds; i++) {
    held.push(
      await seed.createSlot({
        provider: seed.providerB,
        maxBookings: 3,
        startTime: addMinutes(addDays(dayStart, 1), i * 30).toISOString(),
      }),
    )
  }
  const providerContext = await openDevice(browser, server.url)
  const providerPage = await providerContext.newPage()
  const providerWeek = providerWeekHash(held[0] ?? first)
  await signInThroughUi(providerPage, seed.providerB.email, seed.providerB.password, providerWeek)
  await waitForSynced(providerPage)
  const refusal: number[] = []
  for (const slot of held) {
    refusal.push(await reconnectToRefusal(server, { context: providerContext, page: providerPage }, slot.id))
  }
  console.log(
    `Chromium ${browser.version()}, loopback, database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`,
  )
  console.log(summary('click -> optimistic seat change (device A)', optimistic))
  console.log(summary('booking on A -> seat change shown on B', propagation))
  console.log(summary('provider back online -> refused change shown', refusal))
} finally {
  await browser.close()
  await server.close()
}
