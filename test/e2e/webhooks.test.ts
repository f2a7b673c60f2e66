/**
 * The provider's Webhooks screen in real Chromium (a lazy chunk): add an endpoint for a receiver on
 * 127.0.0.1, read its secret once, see a booking's delivery in the log, replay it, and rotate.
 */
import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { signInThroughUi } from '../helpers/appDriver.js'
import { launchBrowser, openDevice } from '../helpers/browser.js'
import { type E2eServer, startE2eServer } from '../helpers/e2eServer.js'
import { acceptedMessages } from '../helpers/webhookMessages.js'
import { type WebhookReceiver, startWebhookReceiver } from '../helpers/webhookReceiver.js'

let server: E2eServer
let browser: Browser
let context: BrowserContext | undefined
let receiver: WebhookReceiver

beforeAll(async () => {
  ;[server, browser, receiver] = await Promise.all([
    startE2eServer(),
    launchBrowser(),
    startWebhookReceiver(),
  ])
}, 180_000)

afterAll(async () => {
  await context?.close().catch(() => {})
  await browser?.close()
  await server?.close()
  await receiver?.close()
})

it('adds an endpoint, shows its secret once, and shows and replays its deliveries', {
  timeout: 120_000,
}, async () => {
  context = await openDevice(browser, server.url, {})
  const page = await context.newPage()
  await signInThroughUi(page, server.seed.providerA.email, server.seed.password)
  await page.getByTestId('nav-webhooks').click()
  const form = page.getByTestId('webhook-add')
  await form.getByLabel('Endpoint URL').fill(receiver.url)
  await form.getByRole('button', { name: 'Add endpoint' }).click()
  const secret = (await page.getByTestId('webhook-secret').locator('code').textContent()) ?? ''
  expect(secret).toMatch(/^whsec_/)
  await expect.poll(() => page.getByTestId('webhook-endpoint').count()).toBe(1)

  const customer = server.api(await server.signIn(server.seed.customerA.email))
  const booked = await customer.post('/api/bookings', { id: randomUUID(), slotId: server.seed.slots.five.id })
  expect(booked.status).toBe(201)
  await expect.poll(() => acceptedMessages(receiver.received, secret).length, { timeout: 30_000 }).toBe(1)

  const endpoint = page.getByTestId('webhook-endpoint')
  await endpoint.getByRole('button', { name: 'Delivery log' }).click()
  const log = page.getByTestId('webhook-log')
  await expect.poll(() => log.locator('tbody tr').first().textContent()).toContain('delivered')
  await log.getByRole('button', { name: 'Replay' }).click()
  await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2)

  await endpoint.getByRole('button', { name: 'Rotate secret' }).click()
  await expect
    .poll(async () => (await page.getByTestId('webhook-secret').locator('code').textContent()) ?? secret)
    .not.toBe(secret)
})
