/**
 * Signing out deletes the device's copy of every organisation of the user, in real Chromium: a booking
 * made offline in one organisation, left waiting there after switching to another, is counted and
 * named by the sign-out question (a walk signed out at once and lost it).
 */
import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { bookSlot, setDeviceOffline, slotCard, slotWeekHash, waitForSynced } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 120_000

describeInBrowser('signing out with changes waiting in another organisation, in Chromium', () => {
  const suite = browserSuite()

  it('asks first, counting the change waiting in the organisation switched away from, by name', {
    timeout: TEST_MS,
  }, async () => {
    const { seed, db } = suite.server
    await db.query('UPDATE organisations SET name = $2 WHERE id = $1', [DEFAULT_ORGANISATION_ID, 'Weber'])
    const ortiz = randomUUID()
    await db.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [
      ortiz,
      'Ortiz',
      `ortiz-${ortiz.slice(0, 8)}`,
    ])
    const customer = await seed.createCustomer('two-orgs')
    await addMembership(db, ortiz, customer.id, 'customer')
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3, hoursFromNow: 30 })
    const { context, page } = await suite.device(customer, slotWeekHash(slot))
    const switcher = page.getByTestId('organisation-switcher')
    if ((await switcher.inputValue()) !== DEFAULT_ORGANISATION_ID) {
      await switcher.selectOption(DEFAULT_ORGANISATION_ID)
      await waitForSynced(page)
    }
    await slotCard(page, slot.id).waitFor()

    await setDeviceOffline(context, true)
    await bookSlot(page, slot.id)
    await page.locator('[data-testid="sync-indicator"][data-pending="1"]').waitFor()
    await switcher.selectOption(ortiz)
    await page.getByTestId('sync-elsewhere').waitFor()
    await page.locator('[data-testid="sync-indicator"][data-pending="0"]').waitFor()

    // Signing out would delete Weber's database with the booking in it: asked first, naming Weber.
    await page.getByTestId('sign-out').click()
    const confirm = page.getByTestId('sign-out-confirm')
    await confirm.waitFor()
    expect(await page.locator('.confirm__question').textContent()).toBe(
      '1 unsynced change in Weber will be lost. Sign out?',
    )
    expect(await page.getByTestId('sign-in-submit').count()).toBe(0)
  })
})
