/**
 * The calendar link panel after the page opened offline, in Chromium (walk-offline Medium 2): back
 * online it kept "Calendar links need a connection." and offered "Make a calendar link" although a
 * link was active (making one silently stops the link the calendar app uses). Now it asks again when
 * the connection returns, and while it does not know says so instead of offering a first link.
 */
import { expect, it } from 'vitest'
import { openMyBookings, setDeviceOffline } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

describeInBrowser('the calendar link panel across a reconnect, in Chromium', () => {
  const suite = browserSuite()

  it('offline it offers no first link; back online it shows the active link and "Revoke link"', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    const api = suite.server.api(await suite.server.signIn(seed.customerA.email))
    expect((await api.post('/api/calendar-feed', {})).status).toBe(201)

    const { context, page } = await suite.device(seed.customerA)
    await setDeviceOffline(context, true)
    await openMyBookings(page)
    const panel = page.getByTestId('calendar-feed')
    await panel.locator('summary').click()
    await expect.poll(() => panel.getByRole('alert').textContent()).toBe('Calendar links need a connection.')
    expect(await panel.getByTestId('calendar-feed-create').count()).toBe(0)

    await setDeviceOffline(context, false)
    await panel.getByText('A link is active. Make a new one to see it again.').waitFor()
    expect(await panel.getByTestId('calendar-feed-create').textContent()).toBe('Make a new link')
    expect(await panel.getByRole('button', { name: 'Revoke link' }).count()).toBe(1)
    expect(await panel.getByRole('alert').count()).toBe(0)
  })
})
