/**
 * Insights of a new provider whose bookings are all for upcoming sessions, in real Chromium. A walk
 * found every preset ending today: as bookings count on their session's day, the page read
 * "Bookings 0" and "No seats published" next to fresh bookings and published slots, and a declined
 * €60 request showed as revenue "lost to cancellations". The page now opens on the last and next 30
 * days, offers "Next 30 days", says which day a booking counts on, and keeps declines apart.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createAccount } from '../../server/auth/accounts.js'
import { DEFAULT_ORGANISATION_ID } from '../../server/domain/organisations.js'
import { insertService } from '../../server/domain/services.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { FIXTURE_PASSWORD } from '../helpers/testFixtures.js'

const TEST_MS = 120_000
const DAY = 86_400_000

describeInBrowser('insights of upcoming sessions in Chromium', () => {
  const suite = browserSuite()

  /** A provider (requests wait for them) with an hour-long slot two and three days ahead. */
  async function providerWithUpcomingBookings() {
    const { server } = suite
    const email = `upcoming-insights-${Date.now()}@test.example`
    const user = await createAccount(server.db, {
      email,
      name: 'Upcoming Provider',
      role: 'provider',
      password: FIXTURE_PASSWORD,
      timeZone: 'Europe/Berlin',
      autoConfirm: false,
      organisationId: DEFAULT_ORGANISATION_ID,
    })
    const service = await insertService(server.db, user.id, {
      name: 'Private session',
      durationMinutes: 60,
      priceMinor: 6000,
      currency: 'EUR',
    })
    const provider = server.api(await server.signIn(email))
    const customer = server.api(await server.signIn(server.seed.customerA.email))
    // Two and three days ahead: inside the next 30 days whatever the time of day, and not started.
    const request = async (daysAhead: number) => {
      const start = new Date(Date.now() + daysAhead * DAY)
      start.setUTCMinutes(0, 0, 0)
      const slot = await provider.post('/api/slots', {
        serviceId: service.id,
        startTime: start.toISOString(),
        endTime: new Date(start.getTime() + DAY / 24).toISOString(),
        maxBookings: 2,
      })
      expect(slot.status).toBe(201)
      const booked = await customer.post('/api/bookings', { slotId: slot.body.id })
      expect(booked.body.status).toBe('PENDING')
      return booked.body.id as string
    }
    const confirmed = await request(2)
    expect((await provider.patch(`/api/bookings/${confirmed}`, { status: 'CONFIRMED' })).status).toBe(200)
    const declined = await request(3)
    const decline = { status: 'CANCELLED', reason: 'Away that day' }
    expect((await provider.patch(`/api/bookings/${declined}`, decline)).status).toBe(200)
    return { email }
  }

  const tile = (page: Page, label: string) =>
    page.locator('.tile', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
  const settled = (page: Page) =>
    page.locator('[data-testid="insights-ready"]:not(.insights__grid--stale)').waitFor({ timeout: 30_000 })

  it('opens on a period with the upcoming bookings, keeps the declined request out of revenue lost', {
    timeout: TEST_MS,
  }, async () => {
    const { email } = await providerWithUpcomingBookings()
    const { page } = await suite.device({ email, password: FIXTURE_PASSWORD })
    await page.getByTestId('nav-insights').click()
    await settled(page)

    // The confirmed booking and the declined request count; both sessions are ahead.
    expect(await tile(page, 'Bookings').locator('dd').first().textContent()).toMatch(/^2/)
    expect(await tile(page, 'Cancellations').locator('dd').allTextContents()).toEqual([
      '0',
      '0 by customers · 0 by you; 1 request declined (not counted)',
    ])
    expect(await tile(page, 'Revenue booked').locator('dd').first().textContent()).toMatch(/^€60\.00/)
    expect(await page.getByTestId('insights-session-day').textContent()).toContain('day of their session')

    // The seats: none past yet, so none "published" is not what it says; two upcoming slots.
    expect(await tile(page, 'Seats used \\(past slots\\)').locator('dd').allTextContents()).toEqual([
      '—',
      'No past slots in this period',
    ])
    const legends = await page
      .getByTestId('insights-utilisation')
      .locator('.seat-bar__legend')
      .allTextContents()
    expect(legends).toEqual(['No past slots in this period', '1 of 4 seats · 3 still free'])

    // The table agrees with the tile: the declined request is not revenue lost to cancellations.
    const revenue = page.getByTestId('insights-revenue')
    expect(await revenue.locator('td[data-label="Lost to cancellations"]').textContent()).toBe('€0.00')
    expect(await revenue.locator('td[data-label="Declined requests"]').textContent()).toBe('€60.00')
    await suite.screenshot(page, 'insights-upcoming', true)

    // "Next 30 days" shows them too; "Last 7 days" ends today, before either session.
    const shown = () => page.getByTestId('insights-period').textContent()
    const before = await shown()
    await page.getByRole('button', { name: 'Next 30 days', exact: true }).click()
    await expect.poll(shown).not.toBe(before)
    await settled(page)
    expect(await tile(page, 'Bookings').locator('dd').first().textContent()).toMatch(/^2/)
    await page.getByRole('button', { name: 'Last 7 days', exact: true }).click()
    await expect.poll(() => tile(page, 'Bookings').locator('dd').first().textContent()).toBe('0')
  })
})
