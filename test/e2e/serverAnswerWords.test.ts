/**
 * What the customer is told about a change before and after the server's answer, in real Chromium
 * (a customer walk): with the server unreachable while the browser is online, a cancel (in My bookings
 * and in the slot's dialog), a move, a waitlist join and leaving it say they are saved on this device and sent when the server can be reached, never
 * that the seat was released, the booking moved or the waitlist joined; once the server has them, the
 * toast says so. A weekly series with a provider who confirms by hand says its weeks were requested
 * and await the provider's confirmation, as a single booking does; with one who confirms at once,
 * booked.
 */
import type { BrowserContext, Locator, Page, Route } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  bookingCard,
  openMyBookings,
  openSeriesForm,
  slotCard,
  slotWeekHash,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { watchToasts } from '../helpers/watchToasts.js'
import { weeklySlots } from '../helpers/weeklySlots.js'
import type { Slot } from '../../shared/schemas.js'

const TEST_MS = 150_000
/** Long enough for the replication's retry after a failure or two (2 s, then 4 s) and the pull. */
const RECOVERY_MS = 30_000

/** The server stopped: every new request is refused at the connection (the browser stays online). */
const refused = (route: Route) => route.abort('connectionrefused')

/**
 * Does `act` with the server unreachable and returns the toasts it showed by the time `unanswered`
 * is said; then makes the server reachable again and waits for the toast `answered`.
 */
async function withServerDown(
  { context, page, seen }: { context: BrowserContext; page: Page; seen: () => Promise<string[]> },
  act: () => Promise<void>,
  words: { sending: RegExp; unanswered: string; answered: string },
): Promise<void> {
  const before = (await seen()).length
  const toasts = async () => (await seen()).slice(before)
  await context.route('**/api/**', refused)
  await act()
  await expect
    .poll(toasts, { timeout: 10_000 })
    .toEqual([expect.stringMatching(words.sending), words.unanswered])
  await context.unroute('**/api/**', refused)
  await expect.poll(async () => (await toasts()).at(-1), { timeout: RECOVERY_MS }).toEqual(words.answered)
  await waitForSynced(page, RECOVERY_MS)
}

describeInBrowser('words of a change before and after the server answers, in Chromium', () => {
  const suite = browserSuite()

  it('with the server unreachable, a cancel, a move, a waitlist join and leaving it are saved on this device, then told as the server answers', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('server-down-words')
    const held = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 50, maxBookings: 4 })
    const from = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 51, maxBookings: 4 })
    const to = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 52, maxBookings: 4 })
    const full = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 53, maxBookings: 1 })
    const own = await seed.createSlot({ provider: seed.providerA, hoursFromNow: 54, maxBookings: 4 })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    expect((await api.post('/api/bookings', { slotId: held.id })).status).toBe(201)
    expect((await api.post('/api/bookings', { slotId: from.id })).status).toBe(201)
    expect((await api.post('/api/bookings', { slotId: own.id })).status).toBe(201)
    const rival = suite.server.api(
      await suite.server.signIn((await seed.createCustomer('server-down-rival')).email),
    )
    expect((await rival.post('/api/bookings', { slotId: full.id })).status).toBe(201)
    const { context, page } = await suite.device(customer, slotWeekHash(full))
    await page.locator(`[data-testid="slot-card"][data-slot-id="${full.id}"][data-state="full"]`).waitFor()
    await openMyBookings(page)
    await bookingCard(page, from.id).waitFor()
    await waitForSynced(page)
    const device = { context, page, seen: await watchToasts(page) }

    await withServerDown(
      device,
      async () => {
        await bookingCard(page, held.id).getByTestId('cancel-booking').click()
        await bookingCard(page, held.id).getByTestId('cancel-booking-confirm').click()
      },
      {
        sending: /^Cancelling your booking…$/,
        unanswered: 'Cancellation saved on this device. It is sent when the server can be reached.',
        answered: 'Booking cancelled. Your seat was released.',
      },
    )

    const dialog = page.getByTestId('reschedule-dialog')
    await withServerDown(
      device,
      async () => {
        await bookingCard(page, from.id).getByTestId('reschedule-booking').click()
        await dialog.locator(`[data-testid="reschedule-option"][data-slot-id="${to.id}"] input`).check()
        await dialog.getByTestId('confirm-reschedule').click()
      },
      {
        sending: /^Moving your booking to .+…$/,
        unanswered: expect.stringMatching(
          /^Move to .+ saved on this device\. It is sent when the server can be reached\. Your current seat is kept until the move is confirmed\.$/,
        ),
        answered: expect.stringMatching(/^Booking moved to .+\.$/),
      },
    )
    expect((await api.get('/api/bookings')).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ slotId: to.id, status: 'PENDING' })]),
    )

    await page.evaluate((hash) => {
      location.hash = hash
    }, slotWeekHash(full))
    await withServerDown(
      device,
      async () => {
        await slotCard(page, full.id).click()
        await page.getByTestId('waitlist-dialog').getByTestId('join-waitlist').click()
      },
      {
        sending: /^Joining the waitlist…$/,
        unanswered: 'Waitlist request saved on this device. It is sent when the server can be reached.',
        answered: 'You joined the waitlist.',
      },
    )
    // Leaving it again, from the same slot's dialog: it said "You left the waitlist." at once.
    await withServerDown(
      device,
      async () => {
        await slotCard(page, full.id).click()
        await page.getByTestId('waitlist-dialog').getByTestId('leave-waitlist').click()
      },
      {
        sending: /^Leaving the waitlist…$/,
        unanswered: 'Leaving the waitlist: saved on this device. It is sent when the server can be reached.',
        answered: 'You left the waitlist.',
      },
    )

    // The same from the slot's own dialog.
    await page.evaluate((hash) => {
      location.hash = hash
    }, slotWeekHash(own))
    await withServerDown(
      device,
      async () => {
        await slotCard(page, own.id).click()
        const dialog = page.getByTestId('booking-dialog')
        await dialog.getByTestId('cancel-booking').click()
        await dialog.getByTestId('cancel-booking-confirm').click()
      },
      {
        sending: /^Cancelling your booking…$/,
        unanswered: 'Cancellation saved on this device. It is sent when the server can be reached.',
        answered: 'Booking cancelled. Your seat was released.',
      },
    )
  })

  /** Books `slots` every week from the booking dialog; returns the dialog's outcome. */
  async function bookWeekly(page: Page, slots: Slot[]): Promise<{ dialog: Locator; outcome: Locator }> {
    const first = slots[0] as Slot
    await slotCard(page, first.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await openSeriesForm(dialog)
    await dialog.getByTestId('series-weeks').fill(String(slots.length))
    await dialog.getByTestId('confirm-series').click()
    const outcome = dialog.getByTestId('series-outcome')
    await outcome.waitFor()
    return { dialog, outcome }
  }

  const rowTexts = (outcome: Locator) => outcome.getByTestId('outcome-row').allTextContents()
  const title = (outcome: Locator) => outcome.locator('h3').textContent()

  it('a series with a provider who confirms by hand says its weeks were requested, one who confirms at once booked', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('series-requested')
    const requested = await weeklySlots(seed, { weeks: 2, daysFromNow: 5.5, maxBookings: 2 })
    const { page } = await suite.device(customer, slotWeekHash(requested[0] as Slot))
    const toasts = await watchToasts(page)

    // Provider A confirms each request by hand: every week is PENDING.
    const asked = await bookWeekly(page, requested)
    const requestedTitle = '2 of 2 weeks requested — they await the provider’s confirmation'
    await expect.poll(() => title(asked.outcome), { timeout: 10_000 }).toBe(requestedTitle)
    expect(await rowTexts(asked.outcome)).toEqual([
      expect.stringMatching(/: Requested$/),
      expect.stringMatching(/: Requested$/),
    ])
    await expect.poll(toasts, { timeout: 10_000 }).toContain(`${requestedTitle}.`)
    expect((await toasts()).filter((t) => t.includes('booked'))).toEqual([])
    await asked.dialog.getByRole('button', { name: 'Close' }).last().click()
    await openMyBookings(page)
    const listed = page.getByTestId('queued-series').getByTestId('series-outcome')
    await expect.poll(() => title(listed)).toBe(requestedTitle)
    expect(await rowTexts(listed)).toEqual([
      expect.stringMatching(/: Requested$/),
      expect.stringMatching(/: Requested$/),
    ])
    await page.getByTestId('queued-series').getByTestId('dismiss-series').click()
    await page.getByTestId('queued-series').waitFor({ state: 'detached' })

    // Provider B confirms at once: booked.
    const confirmed = await weeklySlots(seed, {
      weeks: 2,
      daysFromNow: 5.5,
      maxBookings: 2,
      provider: seed.providerB,
    })
    await page.evaluate(
      (hash) => {
        location.hash = hash
      },
      slotWeekHash(confirmed[0] as Slot),
    )
    const booked = await bookWeekly(page, confirmed)
    await expect.poll(() => title(booked.outcome), { timeout: 10_000 }).toBe('2 of 2 weeks booked')
    expect(await rowTexts(booked.outcome)).toEqual([
      expect.stringMatching(/: Booked$/),
      expect.stringMatching(/: Booked$/),
    ])
    await expect.poll(toasts, { timeout: 10_000 }).toContain('2 of 2 weeks booked.')
  })
})
