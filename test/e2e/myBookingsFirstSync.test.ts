/**
 * My bookings on a new device while its first sync runs, in Chromium (walk-numbers M2): a customer
 * with bookings read "No bookings yet" and "Find a slot" while the bookings were still arriving, then
 * cards titled just "Booking" until their slots arrived. Now: "Fetching your bookings…" until the
 * bookings' first pull is done, and "Loading details…" on a card until its slot is on the device.
 */
import type { Route } from 'playwright-core'
import { expect, it } from 'vitest'
import { signInThroughUi } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { FIXTURE_PASSWORD } from '../helpers/testFixtures.js'

const TEST_MS = 120_000

describeInBrowser('My bookings during the first sync, in Chromium', () => {
  const suite = browserSuite()

  it('says it is fetching the bookings, then that a card’s details are loading, never "No bookings yet"', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 40 })
    const customer = await seed.createCustomer('carla')
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const booked = await api.post('/api/bookings', { slotId: slot.id })
    expect(booked.status).toBe(201)

    // The bookings' pulls and every slot request (pull and window) are held, as on a slow first sync.
    const context = await suite.open()
    const heldBookings: Route[] = []
    const heldSlots: Route[] = []
    await context.route('**/api/replication/bookings/pull**', (route) => void heldBookings.push(route))
    await context.route('**/api/replication/slots/**', (route) => void heldSlots.push(route))
    const page = await context.newPage()
    await signInThroughUi(page, customer.email, FIXTURE_PASSWORD, '#/bookings')
    await expect.poll(() => heldBookings.length).toBeGreaterThan(0)
    await page.getByText('Fetching your bookings…').first().waitFor()
    expect(await page.getByText('No bookings yet').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Find a slot' }).count()).toBe(0)

    // The bookings arrive; their slots do not yet.
    await context.unroute('**/api/replication/bookings/pull**')
    for (const route of heldBookings.splice(0)) await route.continue().catch(() => {}) // some were given up
    const card = page.locator(`[data-testid="booking-card"][data-booking-id="${booked.body.id}"]`)
    await expect.poll(() => card.locator('.booking-card__title').textContent()).toBe('Loading details…')

    // The slots arrive: the card names the service and the provider.
    await context.unroute('**/api/replication/slots/**')
    for (const route of heldSlots.splice(0)) await route.continue().catch(() => {})
    await expect
      .poll(() => card.locator('.booking-card__title').textContent())
      .toBe(`${slot.serviceName} with ${slot.providerName}`)
  })
})
