/**
 * A provider offline before the first sync has stored the week on screen, in Chromium (walk-offline
 * Medium 1): the slot shown from the server's window said "That slot does not exist." when its
 * capacity was changed, and the change was not made. Now it is saved on the device and sent once the
 * network is back (client/data/shownServerCopies.ts).
 */
import type { Route } from 'playwright-core'
import { expect, it } from 'vitest'
import { providerWeekHash, setDeviceOffline, signInThroughUi, slotCard } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const SLOTS_PULL = '**/api/replication/slots/pull**'

describeInBrowser('a provider offline before the first sync, in Chromium', () => {
  const suite = browserSuite()

  it('changes the capacity of a slot shown but not stored yet: saved on the device, then sent', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    const start = new Date(Date.now() + 3 * 86_400_000)
    start.setUTCHours(11, 0, 0, 0)
    const slot = await seed.createSlot({
      provider: seed.providerB,
      maxBookings: 3,
      startTime: start.toISOString(),
    })

    // The slots' first pull is held: the week shows the slot from the window fetch alone.
    const context = await suite.open()
    const held: Route[] = []
    await context.route(SLOTS_PULL, (route) => void held.push(route))
    const page = await context.newPage()
    await signInThroughUi(page, seed.providerB.email, seed.providerB.password, providerWeekHash(slot))
    await slotCard(page, slot.id).waitFor()
    await expect.poll(() => held.length).toBeGreaterThan(0)

    // The network goes (the held pull fails with it).
    await setDeviceOffline(context, true)
    await context.unroute(SLOTS_PULL)
    for (const route of held.splice(0)) await route.abort('internetdisconnected').catch(() => {})
    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('slot-dialog')
    await dialog.getByTestId('capacity-input').fill('1')
    await dialog.getByTestId('save-capacity').click()
    await page.getByText('Saved on this device, sent when you are back online.').first().waitFor()
    expect(await page.getByText('That slot does not exist.').count()).toBe(0)
    await page.keyboard.press('Escape')
    await expect
      .poll(async () => Number(await page.getByTestId('sync-indicator').getAttribute('data-pending')))
      .toBe(1)

    await setDeviceOffline(context, false)
    await expect
      .poll(
        async () =>
          (await suite.server.db.query('SELECT max_bookings FROM slots WHERE id = $1', [slot.id])).rows[0]
            ?.max_bookings,
        { timeout: 20_000 },
      )
      .toBe(1)
    await expect
      .poll(async () => Number(await page.getByTestId('sync-indicator').getAttribute('data-pending')))
      .toBe(0)
  })
})
