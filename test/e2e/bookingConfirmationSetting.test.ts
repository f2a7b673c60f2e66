/**
 * A provider chooses in their profile whether new bookings are confirmed at once or wait for their
 * answer (shared/bookingConfirmation.ts): the choice explains itself, says that the requests already
 * waiting stay pending and links to the inbox that answers them, and the next booking follows it.
 */
import { expect, it } from 'vitest'
import { setDeviceOffline, slotCard, slotWeekHash } from '../helpers/appDriver.js'
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

  it('a customer is told before booking that the provider confirms each booking, offline too', {
    timeout: 180_000,
  }, async () => {
    const { seed, api, signIn } = suite.server
    const provider = api(await signIn(seed.providerA.email))
    const choose = async (autoConfirm: boolean) =>
      expect(
        (await provider.patch(`/api/providers/${seed.providerA.id}/booking-confirmation`, { autoConfirm }))
          .status,
      ).toBe(200)
    await choose(false)
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3 })
    const { context, page } = await suite.device(seed.customerA, slotWeekHash(slot))
    const dialog = page.getByTestId('booking-dialog')
    const note = dialog.getByTestId('confirmed-by-hand')
    const submit = dialog.getByTestId('confirm-booking')
    const open = async () => {
      await slotCard(page, slot.id).click()
      await dialog.waitFor()
    }
    const close = async () => {
      await dialog.getByRole('button', { name: 'Close', exact: true }).first().click()
      await dialog.waitFor({ state: 'hidden' })
    }
    const BY_HAND = 'provider-a confirms each booking: you will hear when it is confirmed.'

    await open()
    await expect.poll(() => note.textContent()).toBe(BY_HAND)
    expect(await submit.textContent()).toBe('Request booking')
    await close()

    // Offline: said from what the device kept.
    await setDeviceOffline(context, true)
    await open()
    await expect.poll(() => note.textContent()).toBe(BY_HAND)
    expect(await submit.textContent()).toBe('Request booking')
    await close()
    await setDeviceOffline(context, false)

    // Switched to confirming at once: the next form online books as before.
    await choose(true)
    await open()
    await expect.poll(() => submit.textContent()).toBe('Book')
    expect(await note.count()).toBe(0)
  })
})
