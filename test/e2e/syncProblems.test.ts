/**
 * What the device tells about syncing when something is wrong, in real Chromium: the server behind a
 * gateway answering 502 to every /api request (named, retried at once when it is back), changes left
 * waiting in another organisation after switching offline (told in the pill there; nothing of that
 * organisation's week shown), coming back online (never "Can't reach the server" meanwhile), and a
 * session revoked on the server (the open stream ends and the device goes to the sign-in screen
 * without waiting for the next write).
 */
import { randomUUID } from 'node:crypto'
import type { Route } from 'playwright-core'
import { expect, it } from 'vitest'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import {
  bookSlot,
  providerWeekHash,
  setDeviceOffline,
  slotCard,
  slotWeekHash,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { watchSyncStates } from '../helpers/syncStates.js'

const TEST_MS = 120_000
/** The server back after an outage to the waiting change sent and the pill saying so (a walk: 33 s). */
const RECOVERY_MS = 8_000

describeInBrowser('sync problems in Chromium', () => {
  const suite = browserSuite()

  it("a server behind a gateway answering 502: 'Can't reach the server', Retry now, and sent soon after it is back", {
    timeout: TEST_MS,
  }, async () => {
    const { seed, db } = suite.server
    const first = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 4 })
    const second = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 5 })
    const { context, page } = await suite.device(seed.customerA, slotWeekHash(first))
    let pushes = 0
    const badGateway = (route: Route) => {
      if (route.request().url().includes('/push')) pushes++
      return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' })
    }
    const bookedOnServer = async (slotId: string) =>
      (await db.query('SELECT 1 FROM bookings WHERE slot_id = $1', [slotId])).rowCount
    // The stream already open stays open: only new requests get the gateway's answer.
    await context.route('**/api/**', badGateway)
    await bookSlot(page, first.id)
    const pill = page.getByTestId('sync-indicator')
    await page.locator('[data-testid="sync-indicator"][data-state="unreachable"][data-pending="1"]').waitFor()
    await expect.poll(() => pill.textContent()).toMatch(/retrying in \d+ s/)
    const words = await pill.textContent()
    expect(words).toContain("Can't reach the server")
    expect(words).toContain('1 change waiting')
    expect(words).not.toContain('Syncing')
    await pill.getByTestId('sync-retry').waitFor()

    // Sent 4 times (2, 4 and 8 s apart, give or take a quarter): the replication now waits 12-20 s.
    await expect.poll(() => pushes, { timeout: 25_000 }).toBe(4)
    await context.unroute('**/api/**', badGateway)
    await waitForSynced(page, RECOVERY_MS)
    expect(await bookedOnServer(first.id)).toBe(1)
    expect(await pill.textContent()).toContain('all changes saved')

    // Retry now sends a waiting change again at once, not at the end of its pause (3-5 s after the
    // second failure).
    pushes = 0
    await context.route('**/api/**', badGateway)
    await page.goto(`/${slotWeekHash(second)}`)
    await bookSlot(page, second.id)
    await expect.poll(() => pushes, { timeout: 15_000 }).toBe(2)
    await pill.getByTestId('sync-retry').click()
    await expect.poll(() => pushes, { timeout: 1_500 }).toBeGreaterThanOrEqual(3)
    await context.unroute('**/api/**', badGateway)
    await waitForSynced(page, RECOVERY_MS)
    expect(await bookedOnServer(second.id)).toBe(1)
  })

  it('changes left waiting in one organisation are told in another; its week is not shown there', {
    timeout: TEST_MS,
  }, async () => {
    const { seed, db } = suite.server
    const provider = seed.providerA
    await db.query('UPDATE organisations SET name = $2 WHERE id = $1', [DEFAULT_ORGANISATION_ID, 'Weber'])
    const acme = randomUUID()
    await db.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [
      acme,
      'Acme',
      `acme-${acme.slice(0, 8)}`,
    ])
    await addMembership(db, acme, provider.id, 'admin')
    const slot = await seed.createSlot({ provider, maxBookings: 3, hoursFromNow: 30 })
    const { context, page } = await suite.device(provider, providerWeekHash(slot))
    const switcher = page.getByTestId('organisation-switcher')
    if ((await switcher.inputValue()) !== DEFAULT_ORGANISATION_ID) {
      await switcher.selectOption(DEFAULT_ORGANISATION_ID)
      await waitForSynced(page)
    }
    await slotCard(page, slot.id).waitFor()

    await setDeviceOffline(context, true)
    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('slot-dialog')
    await dialog.getByTestId('capacity-input').fill('5')
    await dialog.getByTestId('save-capacity').click()
    await page.getByText('Saved on this device, sent when you are back online.').first().waitFor()
    await page.keyboard.press('Escape')
    const pill = page.getByTestId('sync-indicator')
    await page.locator('[data-testid="sync-indicator"][data-pending="1"]').waitFor()

    // Offline into the new, empty organisation: the pill tells where a change still waits, and
    // nothing of Weber's week is on screen.
    await switcher.selectOption(acme)
    await page.getByTestId('sync-elsewhere').waitFor()
    expect(await page.getByTestId('sync-elsewhere').textContent()).toContain(
      '1 change waiting in Weber — switch back to send it',
    )
    expect(await pill.textContent()).not.toContain('all changes saved')
    await page.locator('[data-testid="sync-indicator"][data-pending="0"]').waitFor()
    expect(await page.locator('[data-testid="slot-card"]').count()).toBe(0)

    // Back in Weber, online: sent, and no longer told in Acme.
    await switcher.selectOption(DEFAULT_ORGANISATION_ID)
    await page.locator('[data-testid="sync-indicator"][data-pending="1"]').waitFor()
    expect(await page.getByTestId('sync-elsewhere').count()).toBe(0)
    await setDeviceOffline(context, false)
    await waitForSynced(page, 15_000)
    const { rows } = await db.query<{ max_bookings: number }>(
      'SELECT max_bookings FROM slots WHERE id = $1',
      [slot.id],
    )
    expect(rows[0]?.max_bookings).toBe(5)
    await switcher.selectOption(acme)
    await waitForSynced(page)
    expect(await pill.textContent()).toContain('all changes saved')
    expect(await page.getByTestId('sync-elsewhere').count()).toBe(0)
  })

  it('a session revoked on the server leads to the sign-in screen without a write', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 6 })
    const { page } = await suite.device(seed.customerB, slotWeekHash(slot))
    const token = await page.evaluate(
      () => (JSON.parse(localStorage.getItem('uniservice.session') ?? '{}') as { token: string }).token,
    )
    const revoked = await suite.server.api(token).delete('/api/session')
    expect(revoked.status).toBeLessThan(300)
    // The server ends the session's stream within STREAM_ACCESS_CHECK_MS (2 s); its reconnect is refused.
    await page.getByText('Your session has ended.').waitFor({ timeout: 15_000 })
    await page.getByTestId('sign-in-email').waitFor()
  })

  it("coming back online with changes waiting never says 'Can't reach the server'", {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 7 })
    const { context, page } = await suite.device(seed.customerC, slotWeekHash(slot))
    await setDeviceOffline(context, true)
    await page.locator('[data-testid="sync-indicator"][data-state="offline"]').waitFor()
    await bookSlot(page, slot.id)
    await page.locator('[data-testid="sync-indicator"][data-state="offline"][data-pending="1"]').waitFor()
    const seen = await watchSyncStates(page)
    // A walk saw "Can't reach the server" (announced too) for a moment at every reconnect, the server fine.
    await setDeviceOffline(context, false)
    await waitForSynced(page, RECOVERY_MS)
    const { states, announcements } = await seen()
    expect(states).not.toContain('unreachable')
    expect(states).not.toContain('error')
    expect(announcements.join(' ')).not.toContain("Can't reach the server")
    expect(await page.getByTestId('sync-indicator').textContent()).toContain('all changes saved')
  })
})
