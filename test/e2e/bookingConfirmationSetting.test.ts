/**
 * A provider chooses in their profile whether new bookings are confirmed at once or wait for their
 * answer (shared/bookingConfirmation.ts): the choice explains itself, says that the requests already
 * waiting stay pending and links to the inbox that answers them, and the next booking follows it.
 */
import { expect, it } from 'vitest'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

describeInBrowser('choosing how bookings are confirmed, in Chromium', () => {
  const suite = browserSuite()

  it('a provider switches to confirming automatically in the profile; waiting requests stay pending', {
    timeout: 180_000,
  }, async () => {
    const { seed, db, api, signIn } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 5 })
    const waiting = await api(await signIn(seed.customerA.email)).post('/api/bookings', { slotId: slot.id })
    expect(waiting.body.status).toBe('PENDING')

    const { page } = await suite.device(seed.providerA)
    await page.getByTestId('open-profile').click()
    const dialog = page.getByTestId('profile-dialog')
    const choice = dialog.getByTestId('booking-confirmation')
    await expect.poll(() => dialog.getByTestId('confirmation-manual').isChecked()).toBe(true)
    expect(await choice.textContent()).toContain('You confirm or decline each request')
    expect(await choice.textContent()).toContain('New bookings are confirmed at once')
    const note = dialog.getByTestId('booking-confirmation-note')
    expect(await note.textContent()).toContain('1 request is already waiting: it stays pending')
    await dialog.getByTestId('confirmation-auto').check()
    await dialog.getByTestId('profile-save').click()
    await dialog.waitFor({ state: 'hidden' })

    const { rows } = await db.query('SELECT auto_confirm FROM users WHERE id = $1', [seed.providerA.id])
    expect(rows).toEqual([{ auto_confirm: true }])
    const next = await api(await signIn(seed.customerB.email)).post('/api/bookings', { slotId: slot.id })
    expect(next.body.status).toBe('CONFIRMED')
    const { rows: before } = await db.query('SELECT status FROM bookings WHERE id = $1', [waiting.body.id])
    expect(before).toEqual([{ status: 'PENDING' }])

    // The choice is kept, and the request still waiting is one click from the inbox's Confirm.
    await page.getByTestId('open-profile').click()
    await expect.poll(() => dialog.getByTestId('confirmation-auto').isChecked()).toBe(true)
    await dialog.getByTestId('booking-confirmation-inbox').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('nav-inbox').getAttribute('aria-current')).toBe('page')
    await expect.poll(() => page.getByTestId('confirm-all').isVisible()).toBe(true)
  })
})
