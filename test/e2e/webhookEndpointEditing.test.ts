/**
 * A new admin's walk of the Webhooks screen, in Chromium: a URL registered twice is refused at the
 * URL field; an endpoint's URL and events are edited in its card (the add form's messages); Delete
 * works from the keyboard (the question takes the focus); and the delivery log keeps a replay's
 * history and says when a retrying delivery is tried next.
 */
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { signInThroughUi } from '../helpers/appDriver.js'
import { describeInBrowser } from '../helpers/browserSuite.js'
import { webhookBrowserSuite } from '../helpers/webhookBrowserSuite.js'

describeInBrowser('editing webhook endpoints in Chromium', () => {
  const { suite, started } = webhookBrowserSuite()

  async function openWebhooks(): Promise<Page> {
    const context = await suite.open()
    const page = await context.newPage()
    await signInThroughUi(page, suite.server.seed.providerA.email, suite.server.seed.password)
    await page.getByTestId('nav-webhooks').click()
    await page.getByTestId('webhook-add').waitFor()
    return page
  }

  async function add(page: Page, url: string): Promise<void> {
    const form = page.getByTestId('webhook-add')
    await form.getByLabel('Endpoint URL').fill(url)
    await form.getByRole('button', { name: 'Add endpoint' }).click()
  }

  it('refuses a URL twice at the field, edits URL and events, and deletes from the keyboard', {
    timeout: 120_000,
  }, async () => {
    const receiver = started()
    const page = await openWebhooks()
    await add(page, receiver.url)
    await page.getByTestId('webhook-secret').waitFor()
    await expect.poll(() => page.getByTestId('webhook-endpoint').count()).toBe(1)
    // The secret's banner says which endpoint it belongs to.
    expect(await page.getByTestId('webhook-secret').textContent()).toMatch(/the endpoint added .*\d{2}:\d{2}/)
    await page.getByTestId('webhook-secret').getByRole('button', { name: 'Done' }).click()

    // The same URL again (the host in capitals is the same URL) is refused at the field.
    const form = page.getByTestId('webhook-add')
    const again = receiver.url.replace('http://', 'HTTP://')
    await add(page, again)
    const problem = form.getByTestId('webhook-url-problem')
    await problem.waitFor()
    expect(await problem.textContent()).toMatch(/An endpoint for .* already exists/)
    expect(await form.getByLabel('Endpoint URL').getAttribute('aria-invalid')).toBe('true')
    expect(await form.getByLabel('Endpoint URL').inputValue()).toBe(again)
    expect(await page.getByTestId('webhook-endpoint').count()).toBe(1)

    // Edit: the card's form starts from the endpoint; a bad URL gets the add form's message.
    const endpoint = page.getByTestId('webhook-endpoint')
    await endpoint.getByRole('button', { name: 'Edit' }).click()
    const edit = endpoint.getByTestId('webhook-edit')
    expect(await edit.getByLabel('Endpoint URL').inputValue()).toBe(receiver.url)
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('url')
    await edit.getByLabel('Endpoint URL').fill(receiver.url.replace('http://', 'http://user:secret@'))
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await edit.getByTestId('webhook-url-problem').waitFor()
    expect(await edit.getByTestId('webhook-url-problem').textContent()).toMatch(/URL must not contain/)
    // Another URL and one more event: saved, the card shows them, the secret is the same (no banner).
    const moved = `${receiver.url}/v2`
    await edit.getByLabel('Endpoint URL').fill(moved)
    await edit.getByLabel('booking.cancelled').check()
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await edit.waitFor({ state: 'detached' })
    await expect.poll(() => endpoint.locator('strong').textContent()).toBe(moved)
    expect(await endpoint.textContent()).toContain('booking.created, booking.cancelled')
    expect(await page.getByTestId('webhook-secret').count()).toBe(0)
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Edit')

    // Delete from the keyboard: Enter asks, the focus is in the question, Enter deletes.
    await endpoint.getByRole('button', { name: 'Delete' }).focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Yes, delete it and its log')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('webhook-endpoint').count()).toBe(0)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('webhooks-title')
  })

  it('keeps a replay’s history in the log and says when a retry is due', { timeout: 120_000 }, async () => {
    const receiver = started()
    const page = await openWebhooks()
    await add(page, receiver.url)
    await expect.poll(() => page.getByTestId('webhook-endpoint').count()).toBe(1)
    const endpoint = page.getByTestId('webhook-endpoint')
    await endpoint.getByRole('button', { name: 'Delivery log' }).click()
    const log = endpoint.getByTestId('webhook-log')
    await log.waitFor()

    receiver.behaviour = () => ({ kind: 'status', status: 503 })
    const customer = suite.server.api(await suite.server.signIn(suite.server.seed.customerA.email))
    const booked = await customer.post('/api/bookings', {
      id: randomUUID(),
      slotId: suite.server.seed.slots.five.id,
    })
    expect(booked.status).toBe(201)
    const row = log.locator('tbody tr').first()
    await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 30_000 }).toMatch(/retrying/)
    await expect
      .poll(() => row.getByTestId('webhook-delivery-notes').textContent(), { timeout: 10_000 })
      .toMatch(/^next attempt at \d{2}:\d{2}:\d{2}$/)

    receiver.behaviour = () => ({ kind: 'status', status: 200 })
    await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 60_000 }).toBe('delivered')
    const attemptsBefore = Number(await row.locator('td').nth(2).textContent())
    expect(attemptsBefore).toBeGreaterThanOrEqual(2)
    await row.getByRole('button', { name: 'Replay' }).click()
    await expect
      .poll(() => row.getByTestId('webhook-delivery-notes').textContent(), { timeout: 10_000 })
      .toMatch(/^replayed by/)
    await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 30_000 }).toBe('delivered')
    expect(Number(await row.locator('td').nth(2).textContent())).toBe(attemptsBefore + 1)
    const name = suite.server.seed.providerA.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    expect(await row.getByTestId('webhook-delivery-notes').textContent()).toMatch(
      new RegExp(`^replayed by ${name} at \\d{2}:\\d{2}:\\d{2}; ${attemptsBefore} attempts before$`),
    )
  })
})
