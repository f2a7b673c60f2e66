/**
 * A profile saved on one of the user's devices reaches their other open devices without a reload, in
 * real Chromium: the server tells the user's open streams (server/replication/streamAccess.ts) and
 * the device reads its user again (client/data/profile.ts useAccountUser).
 */
import { expect, it } from 'vitest'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

/** Longer than a save takes to reach the other device (a walk saw it never arrive before a reload). */
const ARRIVES_MS = 3_000

describeInBrowser("a customer's two devices", () => {
  const suite = browserSuite()

  it('a time zone saved on the phone is applied on the laptop without a reload', {
    timeout: 120_000,
  }, async () => {
    const customer = await suite.server.seed.createCustomer('two-devices-zone')
    const phone = (await suite.device(customer, '', { timeZoneId: 'UTC' })).page
    const laptop = (await suite.device(customer, '', { timeZoneId: 'UTC' })).page
    const readsIn = (page: typeof phone) => page.getByTestId('time-zone').textContent()
    await expect.poll(() => readsIn(laptop)).toContain('UTC')

    await phone.getByTestId('open-profile').click()
    const dialog = phone.getByTestId('profile-dialog')
    await dialog.getByTestId('profile-zone').selectOption('Europe/Berlin')
    await dialog.getByTestId('profile-save').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => readsIn(phone)).toContain('Europe/Berlin')

    await expect.poll(() => readsIn(laptop), { timeout: ARRIVES_MS }).toContain('Europe/Berlin')
  })
})
