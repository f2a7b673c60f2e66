/**
 * A request the provider declines reads as declined on the customer's card, in real Chromium: the
 * provider declines a PENDING booking with a reason in their slot dialog, and the customer's card in
 * My bookings says "Declined" and "Declined by the provider: <reason>", never "Cancelled" (under
 * "Earlier, cancelled and declined"), as does the provider's own row. A confirmed
 * booking the provider cancels still reads "Cancelled by the provider: <reason>".
 */
import { expect, it } from 'vitest'
import {
  bookingCard,
  openMyBookings,
  providerWeekHash,
  slotCard,
  slotWeekHash,
  waitForBookingStatus,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 90_000

describeInBrowser('a declined request in Chromium', () => {
  const suite = browserSuite()

  it('the customer reads "Declined by the provider: <reason>", a cancelled booking "Cancelled by the provider"', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('declined-e2e')
    const api = suite.server.api(await suite.server.signIn(customer.email))
    // providerA confirms by hand, so both bookings start PENDING.
    const requested = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 40 })
    const confirmed = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 43 })
    const request = await api.post('/api/bookings', { slotId: requested.id })
    expect([request.status, request.body.status]).toEqual([201, 'PENDING'])
    const booking = await api.post('/api/bookings', { slotId: confirmed.id })
    const providerApi = suite.server.api(await suite.server.signIn(seed.providerA.email))
    const path = `/api/bookings/${booking.body.id}`
    expect((await providerApi.patch(path, { status: 'CONFIRMED' })).status).toBe(200)
    expect((await providerApi.patch(path, { status: 'CANCELLED', reason: 'Ill that day' })).status).toBe(200)

    // The provider declines the request in their slot dialog, with a reason.
    const provider = await suite.device(seed.providerA, providerWeekHash(requested))
    await slotCard(provider.page, requested.id).click()
    const row = provider.page.getByTestId('slot-dialog').getByTestId('provider-booking')
    await row.getByTestId('provider-cancel').click()
    await row.getByTestId('provider-cancel-reason').fill('Fully booked that week')
    await row.getByTestId('provider-cancel-confirm').click()
    await provider.page.locator('[data-testid="provider-booking"][data-status="CANCELLED"]').waitFor()
    await waitForSynced(provider.page)
    // The provider's own row says so too, once the server's answer is on the device.
    await expect.poll(() => row.getByTestId('booking-status').textContent()).toBe('Declined')

    const { page } = await suite.device(customer, slotWeekHash(requested))
    await openMyBookings(page)
    await waitForBookingStatus(page, requested.id, 'CANCELLED')
    const declined = bookingCard(page, requested.id)
    const pill = declined.getByTestId('booking-status')
    await expect.poll(() => pill.getAttribute('data-declined')).toBe('true')
    expect(await pill.textContent()).toBe('Declined')
    expect(await declined.getByTestId('status-reason').textContent()).toBe(
      'Declined by the provider: Fully booked that week',
    )
    expect(await declined.getAttribute('aria-label')).toMatch(/, declined$/)
    expect(await declined.textContent()).not.toMatch(/cancel/i)
    expect(await page.getByTestId('earlier-bookings').getByRole('heading').first().textContent()).toBe(
      'Earlier, cancelled and declined',
    )

    await waitForBookingStatus(page, confirmed.id, 'CANCELLED')
    const cancelled = bookingCard(page, confirmed.id)
    expect(await cancelled.getByTestId('booking-status').textContent()).toBe('Cancelled')
    expect(await cancelled.getByTestId('status-reason').textContent()).toBe(
      'Cancelled by the provider: Ill that day',
    )
    expect(await cancelled.getAttribute('aria-label')).toMatch(/, cancelled$/)
  })
})
