/**
 * A provider walk's findings on the inbox's bulk panel and the slot dialog, in real Chromium: the
 * bulk buttons counted and sent a booking whose row had left the list (cancelled by its customer
 * meanwhile: "nothing changed. It was already cancelled"), kept the last reason, kept the last
 * answer beside a failed new attempt, and said "Failed to fetch" without a connection; a reason
 * pasted with a vertical tab was refused by the device and the form closed with it; a cancelled
 * booking did not show the provider's reason; a blocked slot read "2 of 2 seats left".
 */
import { TZDate, tz } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import { expect, it } from 'vitest'
import { providerWeekHash, setDeviceOffline, slotCard } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import type { TestUser } from '../helpers/testFixtures.js'

const TEST_MS = 120_000
const NO_CONNECTION = 'Bulk actions need a connection.'

describeInBrowser("a provider's bulk panel and slot dialog in Chromium", () => {
  const suite = browserSuite()

  async function apiAs(user: Pick<TestUser, 'email'>) {
    return suite.server.api(await suite.server.signIn(user.email))
  }

  async function bookAs(customer: Pick<TestUser, 'email'>, slotId: string): Promise<string> {
    const booked = await (await apiAs(customer)).post('/api/bookings', { slotId })
    expect(booked.status).toBe(201)
    return booked.body.id
  }

  /** `hour` o'clock, `daysAhead` days from now, in the provider's zone. */
  function at(daysAhead: number, hour: number): string {
    const zone = suite.server.seed.providerA.timeZone
    const day = format(addDays(new Date(), daysAhead), 'yyyy-MM-dd', { in: tz(zone) })
    const [year = 0, month = 1, date = 1] = day.split('-').map(Number)
    return new Date(new TZDate(year, month - 1, date, hour, 0, 0, zone).getTime()).toISOString()
  }

  it('bulk: only rows still shown are counted and sent; reason and last answer cleared; offline said in words', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ startTime: at(40, 10), maxBookings: 4 })
    const later = await seed.createSlot({ startTime: at(41, 10), maxBookings: 2 })
    const customers = [
      await seed.createCustomer('ada'),
      await seed.createCustomer('bo'),
      await seed.createCustomer('cy'),
    ]
    const ids = [] as string[]
    for (const customer of customers) ids.push(await bookAs(customer, slot.id))
    const other = await bookAs(customers[0] as TestUser, later.id)

    const { context, page } = await suite.device(seed.providerA, '#/inbox')
    const panel = page.getByTestId('bulk-bookings')
    const row = (id: string) => panel.locator(`[data-testid="bulk-row"][data-booking-id="${id}"]`)
    for (const id of ids) await row(id).locator('input').check()
    const cancel = panel.getByTestId('bulk-cancel')
    expect(await cancel.textContent()).toBe('Cancel 3 selected')

    // The first customer cancels meanwhile: the row leaves, and the selection with it.
    const [gone, ...kept] = ids as [string, ...string[]]
    const customerApi = await apiAs(customers[0] as TestUser)
    expect((await customerApi.patch(`/api/bookings/${gone}`, { status: 'CANCELLED' })).status).toBe(200)
    await row(gone).waitFor({ state: 'detached' })
    await expect.poll(() => cancel.textContent()).toBe('Cancel 2 selected')

    await panel.getByTestId('bulk-reason').fill('Room flooded')
    // Asked first, as the date range is: how many bookings of how many customers, and what they are told.
    await cancel.click()
    const question = panel.locator('.bulk-bar .confirm__question')
    expect(await question.textContent()).toBe(
      'Cancel 2 bookings of 2 customers? Each customer is told: “Room flooded”.',
    )
    expect(await panel.getByTestId('bulk-outcome').count()).toBe(0)
    await panel.getByTestId('bulk-cancel-confirm').click()
    const outcome = panel.getByTestId('bulk-outcome')
    await outcome.waitFor()
    const lines = await outcome.getByTestId('outcome-row').allTextContents()
    expect(lines).toHaveLength(kept.length)
    for (const line of lines) expect(line).not.toContain('already')
    // Each row says what the action made it, not "done".
    for (const line of lines) expect(line).toMatch(/: cancelled$/)
    await page.getByText('2 of 2 cancelled.').first().waitFor()
    expect(await panel.getByTestId('bulk-reason').inputValue()).toBe('')

    // A new attempt that gets no answer: said in words, and the last answer is not left beside it.
    await context.route('**/api/bookings/bulk', (route) => route.abort('internetdisconnected'))
    await row(other).locator('input').check()
    await panel.getByTestId('bulk-confirm').click()
    const alert = panel.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe(NO_CONNECTION)
    expect(await outcome.count()).toBe(0)
    await context.unroute('**/api/bookings/bulk')

    // Offline: the actions are disabled, saying why.
    await setDeviceOffline(context, true)
    const hint = panel.getByTestId('bulk-offline')
    await hint.waitFor()
    expect(await hint.textContent()).toBe(NO_CONNECTION)
    for (const action of ['confirm', 'decline', 'cancel'])
      expect(await panel.getByTestId(`bulk-${action}`).isDisabled()).toBe(true)
    expect(await panel.getByTestId('bulk-confirm').getAttribute('aria-describedby')).toBe(
      await hint.getAttribute('id'),
    )
    expect(await panel.getByTestId('range-hint').textContent()).toBe(NO_CONNECTION)
    expect(await panel.getByTestId('range-submit').isDisabled()).toBe(true)
    await setDeviceOffline(context, false)
    await hint.waitFor({ state: 'detached' })

    // Declining asks too; "Keep" sends nothing.
    await panel.getByTestId('bulk-reason').fill('Fully booked')
    await panel.getByTestId('bulk-decline').click()
    expect(await question.textContent()).toBe(
      'Decline 1 booking of 1 customer? The customer is told: “Fully booked”.',
    )
    expect(await panel.getByTestId('bulk-decline-confirm').textContent()).toBe('Yes, decline 1 booking')
    await panel.getByRole('button', { name: 'Keep' }).click()
    await expect
      .poll(() => panel.getByTestId('bulk-decline').evaluate((b) => b === document.activeElement))
      .toBe(true)
    const { rows: stillPending } = await suite.server.db.query<{ status: string }>(
      'SELECT status FROM bookings WHERE id = $1',
      [other],
    )
    expect(stillPending[0]?.status).toBe('PENDING')
  })

  it('slot dialog: a reason pasted with a vertical tab is saved as seen and shown; a blocked slot offers no seats', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ startTime: at(43, 10), maxBookings: 3 })
    const blocked = await seed.createSlot({ startTime: at(43, 14), maxBookings: 2 })
    const booking = await bookAs(await seed.createCustomer('dee'), slot.id)
    const provider = await apiAs(seed.providerA)
    expect((await provider.patch(`/api/slots/${blocked.id}`, { blocked: true })).status).toBe(200)

    const { page } = await suite.device(seed.providerA, providerWeekHash(slot))
    const blockedCard = slotCard(page, blocked.id)
    await blockedCard.waitFor()
    expect(await blockedCard.getByTestId('slot-remaining').textContent()).toBe('No seats offered')

    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('slot-dialog')
    const row = dialog.locator(`[data-testid="provider-booking"]`)
    await row.getByTestId('provider-cancel').click()
    // As Word pastes a line break inside a paragraph: a vertical tab, invisible in the field.
    await row.getByTestId('provider-cancel-reason').fill('Ill\u000btoday')
    await row.getByTestId('provider-cancel-confirm').click()
    await expect.poll(() => row.getAttribute('data-status')).toBe('CANCELLED')
    expect(await dialog.getByRole('alert').count()).toBe(0)
    expect(await row.getByTestId('status-reason').textContent()).toBe(
      'Reason given to the customer: Ill today',
    )
    await expect
      .poll(async () => {
        const { rows: now } = await suite.server.db.query<{ status_reason: string | null }>(
          'SELECT status_reason FROM bookings WHERE id = $1',
          [booking],
        )
        return now[0]?.status_reason
      })
      .toBe('Ill today')
  })
})
