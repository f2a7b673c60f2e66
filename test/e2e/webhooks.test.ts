/**
 * The provider's Webhooks screen in real Chromium (a lazy chunk): add an endpoint for a receiver on
 * 127.0.0.1, read its secret once, see a booking's delivery in the log, replay it (the log follows the
 * replayed delivery by itself), and rotate (asked first, the new secret copied to the clipboard).
 */
import { randomUUID } from 'node:crypto'
import type { Request } from 'playwright-core'
import { expect, it } from 'vitest'
import { signInThroughUi } from '../helpers/appDriver.js'
import { describeInBrowser } from '../helpers/browserSuite.js'
import { acceptedMessages } from '../helpers/webhookMessages.js'
import { webhookBrowserSuite } from '../helpers/webhookBrowserSuite.js'

describeInBrowser('the Webhooks screen in Chromium', () => {
  const { suite, started } = webhookBrowserSuite()

  it('adds an endpoint, shows its secret once, and shows and replays its deliveries', {
    timeout: 120_000,
  }, async () => {
    const receiver = started()
    const context = await suite.open()
    const page = await context.newPage()
    await signInThroughUi(page, suite.server.seed.providerA.email, suite.server.seed.password)
    await page.getByTestId('nav-webhooks').click()
    // No endpoint yet: the page says what webhooks are for and what to do.
    const empty = page.getByTestId('webhooks').getByTestId('empty')
    await empty.waitFor()
    expect(await empty.textContent()).toMatch(/No endpoints yet.*Add the URL/)
    const form = page.getByTestId('webhook-add')
    // A URL the server refuses stays in the field to be corrected, and the reason is said at it.
    const withCredentials = receiver.url.replace('http://', 'http://user:secret@')
    await form.getByLabel('Endpoint URL').fill(withCredentials)
    await form.getByRole('button', { name: 'Add endpoint' }).click()
    const urlProblem = form.getByTestId('webhook-url-problem')
    await urlProblem.waitFor()
    expect(await urlProblem.textContent()).toMatch(/URL must not contain/)
    expect(await form.getByLabel('Endpoint URL').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByText('Something went wrong').count()).toBe(0)
    expect(await form.getByLabel('Endpoint URL').inputValue()).toBe(withCredentials)
    expect(await page.getByTestId('webhook-endpoint').count()).toBe(0)
    await empty.waitFor()
    await form.getByLabel('Endpoint URL').fill(receiver.url)
    await form.getByRole('button', { name: 'Add endpoint' }).click()
    const secret = (await page.getByTestId('webhook-secret').locator('code').textContent()) ?? ''
    expect(secret).toMatch(/^whsec_/)
    await expect.poll(() => page.getByTestId('webhook-endpoint').count()).toBe(1)

    // The log is open before the booking: its delivery shows up without another click.
    const endpoint = page.getByTestId('webhook-endpoint')
    await endpoint.getByRole('button', { name: 'Delivery log' }).click()
    const log = page.getByTestId('webhook-log')
    await log.waitFor()
    expect(await log.locator('tbody tr').count()).toBe(0)

    const customer = suite.server.api(await suite.server.signIn(suite.server.seed.customerA.email))
    const booked = await customer.post('/api/bookings', {
      id: randomUUID(),
      slotId: suite.server.seed.slots.five.id,
    })
    expect(booked.status).toBe(201)
    await expect.poll(() => acceptedMessages(receiver.received, secret).length, { timeout: 30_000 }).toBe(1)

    await expect
      .poll(() => log.locator('tbody tr').first().textContent(), { timeout: 15_000 })
      .toContain('delivered')
    // When it was last tried, in the viewer's words (the log had no times).
    expect(await log.locator('tbody tr').first().locator('td').nth(3).textContent()).toMatch(/\d{2}:\d{2}/)
    // Replayed, the row reads pending at once, by the server's answer: reads of the log are held
    // meanwhile (the relay may send it again before one would come back).
    let releaseReads = () => {}
    const readsHeld = new Promise<void>((resolve) => {
      releaseReads = resolve
    })
    await page.route('**/api/webhooks/*/deliveries*', async (route) => {
      await readsHeld
      await route.continue()
    })
    await log.getByRole('button', { name: 'Replay' }).click()
    await expect
      .poll(() => log.locator('tbody tr').first().locator('td').nth(1).textContent(), { timeout: 5_000 })
      .toBe('waiting to be queued')
    // Attempts keep counting across the replay (it read 0, the earlier attempt gone), and the row says
    // who replayed it (webhookEndpointEditing.test.ts has more).
    expect(await log.locator('tbody tr').first().locator('td').nth(2).textContent()).toBe('1')
    expect(await log.getByTestId('webhook-delivery-notes').first().textContent()).toMatch(
      /^replayed by .* at \d{2}:\d{2}:\d{2}; 1 attempt before$/,
    )
    releaseReads()
    // Waits for the held reads to go on (the page reads again at once after a replay).
    await page.unrouteAll({ behavior: 'wait' })
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2)
    await expect
      .poll(() => log.locator('tbody tr').first().textContent(), { timeout: 15_000 })
      .toContain('delivered')

    // Replayed to a receiver that takes 3 s to answer: while the delivery is on its way the log is
    // read at once and then every second (it was read every 3 s whatever happened, so the replayed
    // row kept a stale state), and the row moves on to delivered by itself.
    receiver.behaviour = () => ({ kind: 'slow', ms: 3000, status: 200 })
    const reads: number[] = []
    const countRead = (request: Request) => {
      if (/\/api\/webhooks\/[^/]+\/deliveries/.test(request.url())) reads.push(Date.now())
    }
    page.on('request', countRead)
    const replayAnswered = page.waitForResponse((response) => response.url().endsWith('/replay'))
    await log.getByRole('button', { name: 'Replay' }).click()
    await replayAnswered
    const answeredAt = Date.now()
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(3)
    await page.waitForTimeout(Math.max(0, answeredAt + 2600 - Date.now()))
    expect(reads.filter((at) => at >= answeredAt && at <= answeredAt + 2600).length).toBeGreaterThanOrEqual(2)
    await expect
      .poll(() => log.locator('tbody tr').first().textContent(), { timeout: 10_000 })
      .toContain('delivered')
    page.off('request', countRead)
    receiver.behaviour = () => ({ kind: 'status', status: 200 })
    await suite.screenshot(page, 'webhooks-desktop', true)

    // Disabled, the page says that changes meanwhile are not kept for later.
    await endpoint.getByRole('button', { name: 'Disable' }).click()
    await endpoint.getByTestId('webhook-disable-confirm').click()
    await page.getByTestId('webhook-disabled-note').waitFor()
    expect(await page.getByTestId('webhook-disabled-note').textContent()).toContain('not kept for later')
    await endpoint.getByRole('button', { name: 'Re-enable' }).click()
    await page.getByTestId('webhook-disabled-note').waitFor({ state: 'detached' })

    // Deleting asks first; keeping it changes nothing.
    await endpoint.getByRole('button', { name: 'Delete' }).click()
    await endpoint.getByRole('button', { name: 'Keep', exact: true }).click()
    expect(await page.getByTestId('webhook-endpoint').count()).toBe(1)

    // Rotating asks first, saying what becomes of the old secret and for how long (the server's
    // WEBHOOK_SECRET_GRACE_MS, 24 hours by default); keeping it changes nothing.
    await page.getByTestId('webhook-secret').getByRole('button', { name: 'Done' }).click()
    await endpoint.getByRole('button', { name: 'Rotate secret' }).click()
    const confirm = endpoint.getByTestId('rotate-confirm')
    await expect.poll(() => confirm.textContent()).toContain('keeps working for 24 hours')
    await confirm.getByRole('button', { name: 'Keep the current secret' }).click()
    await confirm.waitFor({ state: 'detached' })
    expect(await page.getByTestId('webhook-secret').count()).toBe(0)
    await endpoint.getByRole('button', { name: 'Rotate secret' }).click()
    await confirm.getByRole('button', { name: 'Yes, rotate the secret' }).click()
    const shown = page.getByTestId('webhook-secret')
    const rotated = (await shown.locator('code').textContent()) ?? ''
    expect(rotated).toMatch(/^whsec_/)
    expect(rotated).not.toBe(secret)
    expect(await shown.getByTestId('webhook-secret-note').textContent()).toMatch(
      /^The old secret keeps working until .*\d{2}:\d{2}\.$/,
    )

    // Copy puts the new secret on the clipboard and says so.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url })
    await shown.getByRole('button', { name: 'Copy' }).click()
    await expect.poll(() => shown.getByTestId('webhook-secret-copy-status').textContent()).toBe('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(rotated)
    // Where the browser refuses the clipboard, the secret is selected for the provider to copy.
    await page.evaluate(() => {
      Object.defineProperty(navigator.clipboard, 'writeText', {
        value: () => Promise.reject(new DOMException('refused', 'NotAllowedError')),
      })
    })
    await shown.getByRole('button', { name: 'Copy' }).click()
    await expect
      .poll(() => shown.getByTestId('webhook-secret-copy-status').textContent())
      .toContain('the secret is selected')
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(rotated)
  })
})
