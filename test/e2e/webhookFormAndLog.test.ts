/**
 * A tester's walk of the Webhooks screen, in Chromium: after an endpoint was added its events stayed
 * ticked for the next one; Disable acted at once (saying only afterwards what it means) and the
 * reason read "disabled by … (provider)"; on a phone the delivery log was cut off at the screen's
 * edge. Now the form starts afresh, Disable asks first with that sentence, and each delivery is a
 * stacked card of labelled values at 390 px.
 */
import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { describeInBrowser } from '../helpers/browserSuite.js'
import { webhookBrowserSuite } from '../helpers/webhookBrowserSuite.js'

const PHONE = { width: 390, height: 844 }

describeInBrowser('the webhook form, disabling and the delivery log on a phone', () => {
  const { suite, started } = webhookBrowserSuite()

  it('starts the add form afresh after an endpoint is added; Disable asks first, saying what it means', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    const { page } = await suite.device(seed.providerA, '#/webhooks')
    const form = page.getByTestId('webhook-add')
    await form.waitFor()
    const box = (event: string) => form.getByLabel(event, { exact: true })
    await form.getByLabel('Endpoint URL').fill(`${started().url}?for=first`)
    await box('booking.cancelled').check()
    await box('booking.confirmed').check()
    await form.getByRole('button', { name: 'Add endpoint' }).click()
    await page.getByTestId('webhook-secret').waitFor()
    const endpoint = page.getByTestId('webhook-endpoint')
    await expect.poll(() => endpoint.count()).toBe(1)
    expect(await endpoint.textContent()).toContain('booking.created, booking.cancelled, booking.confirmed')

    // The next endpoint starts from the form's first state, not the last one's events.
    expect(await form.getByLabel('Endpoint URL').inputValue()).toBe('')
    expect(await box('booking.created').isChecked()).toBe(true)
    expect(await box('booking.cancelled').isChecked()).toBe(false)
    expect(await box('booking.confirmed').isChecked()).toBe(false)

    // Disable asks first, with what disabling means; keeping it changes nothing.
    await endpoint.getByRole('button', { name: 'Disable' }).click()
    expect(await endpoint.getByRole('group').textContent()).toContain(
      'Disable this endpoint? While disabled, changes are not sent to this URL and are not kept for later',
    )
    await endpoint.getByRole('button', { name: 'Keep', exact: true }).click()
    expect(await endpoint.getByTestId('webhook-state').textContent()).toBe('enabled')
    await endpoint.getByRole('button', { name: 'Disable' }).click()
    await endpoint.getByTestId('webhook-disable-confirm').click()
    await expect.poll(() => endpoint.getByTestId('webhook-state').textContent()).toBe('disabled')
    // Who disabled it, in a sentence rather than two parentheses in a row.
    expect(await endpoint.textContent()).toContain(`disabled by ${seed.providerA.name}, a provider`)
    await endpoint.getByTestId('webhook-enable').click()
    await expect.poll(() => endpoint.getByTestId('webhook-state').textContent()).toBe('enabled')
  })

  it('shows each delivery of the log as a stacked card on a phone, nothing past the screen', {
    timeout: 120_000,
  }, async () => {
    const { seed } = suite.server
    const provider = suite.server.api(await suite.server.signIn(seed.providerA.email))
    const added = await provider.post('/api/webhooks', {
      url: `${started().url}?for=phone`,
      events: ['booking.created'],
    })
    expect(added.status).toBe(201)
    const customer = suite.server.api(await suite.server.signIn(seed.customerA.email))
    const booked = await customer.post('/api/bookings', { id: randomUUID(), slotId: seed.slots.five.id })
    expect(booked.status).toBe(201)

    const { page } = await suite.device(seed.providerA, '#/webhooks', PHONE)
    const endpoint = page.getByTestId('webhook-endpoint').filter({ hasText: '?for=phone' })
    await endpoint.getByRole('button', { name: 'Delivery log' }).click()
    const row = endpoint.getByTestId('webhook-log').locator('tbody tr').first()
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('delivered')
    const replay = row.getByRole('button', { name: 'Replay' })
    await replay.waitFor()

    // Every value is on the screen, under its label: none cut off at the right edge.
    const cells = await row.locator('td').evaluateAll((tds) =>
      tds
        .filter((td) => td.getBoundingClientRect().width > 0)
        .map((td) => ({
          label: td.getAttribute('data-label'),
          right: td.getBoundingClientRect().right,
          before: getComputedStyle(td, '::before').content,
        })),
    )
    for (const cell of cells) expect(cell.right).toBeLessThanOrEqual(PHONE.width)
    expect(cells.map((c) => c.label)).toEqual(
      expect.arrayContaining(['Event', 'Status', 'Attempts', 'Last attempt', 'Response time']),
    )
    expect(cells.find((c) => c.label === 'Last attempt')?.before).toBe('"Last attempt"')
    const button = await replay.boundingBox()
    expect(button && button.x + button.width).toBeLessThanOrEqual(PHONE.width)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
  })
})
