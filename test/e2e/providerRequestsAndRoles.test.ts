/**
 * A provider walk's findings on New slots, the Requests page and the role the app decides by, in real
 * Chromium: switching "One slot" to "Weekly pattern" reset the chosen service, length and capacity to
 * the first service; the Requests page said "No upcoming bookings." while the first pull of bookings
 * was still running; a bulk cancel dropped from its answer a booking its customer cancelled while the
 * question was open, un-ticked one cancelled before it without a word, offered Decline for confirmed
 * bookings and wiped the reason when every row failed; a customer promoted to provider was offered
 * the customer's zone field (the server then refused the save).
 */
import { TZDate, tz } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import type { Route } from 'playwright-core'
import { expect, it } from 'vitest'
import { createAccount } from '../../server/auth/accounts.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { insertService } from '../../server/domain/services.js'
import { signInThroughUi } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { FIXTURE_PASSWORD, type TestUser } from '../helpers/testFixtures.js'

const TEST_MS = 120_000

describeInBrowser('New slots, the Requests page and the role here, in Chromium', () => {
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

  it('New slots keeps the service, length and capacity chosen when switching to a weekly pattern', {
    timeout: TEST_MS,
  }, async () => {
    const { server } = suite
    const group = await insertService(server.db, server.seed.providerA.id, {
      name: 'Group class',
      durationMinutes: 45,
      defaultCapacity: 6,
    })
    const { page } = await suite.device(server.seed.providerA, '#/provider-slots')
    await page.getByTestId('new-slots').click()
    const dialog = page.getByTestId('create-slots-dialog')
    const service = dialog.getByTestId('slot-service')
    const length = dialog.getByLabel('Length (minutes)')
    const capacity = dialog.getByTestId('slot-capacity')
    // The service not shown first: a reset to the first one would show.
    const chosen = (await service.inputValue()) === group.id ? server.seed.serviceA.id : group.id
    await service.selectOption(chosen)
    await capacity.fill('4')
    await length.fill('50')

    await dialog.getByLabel('Weekly pattern').check()
    await dialog.getByTestId('recurring-slots-form').waitFor()
    expect(await service.inputValue()).toBe(chosen)
    expect(await length.inputValue()).toBe('50')
    expect(await capacity.inputValue()).toBe('4')

    // And back: the single slot keeps them too.
    await dialog.getByLabel('One slot').check()
    await dialog.getByTestId('single-slot-form').waitFor()
    expect(await service.inputValue()).toBe(chosen)
    expect(await capacity.inputValue()).toBe('4')
  })

  it('Requests says it is fetching the bookings until their first pull is done, not that there are none', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ startTime: at(20, 10), maxBookings: 2 })
    const booked = await bookAs(await seed.createCustomer('eve'), slot.id)

    // The bookings' pulls are held: right after sign-in, as when 15 bookings took ~10 s to arrive.
    const context = await suite.open()
    const held: Route[] = []
    await context.route('**/api/replication/bookings/pull**', (route) => void held.push(route))
    const page = await context.newPage()
    await signInThroughUi(page, seed.providerA.email, FIXTURE_PASSWORD, '#/inbox')
    const panel = page.getByTestId('bulk-bookings')
    await expect.poll(() => held.length).toBeGreaterThan(0)
    const empty = panel.getByTestId('bulk-empty')
    await expect.poll(() => empty.textContent()).toBe('Fetching your bookings…')
    expect(await page.getByText('No upcoming bookings.').count()).toBe(0)
    expect(await page.getByText('No requests waiting').count()).toBe(0)

    // Unrouting passes the held pulls on: the bookings arrive.
    await context.unroute('**/api/replication/bookings/pull**')
    await panel.locator(`[data-testid="bulk-row"][data-booking-id="${booked}"]`).waitFor()
    await empty.waitFor({ state: 'detached' })
  })

  it('bulk cancel answers every booking the provider said yes to, says why a ticked one left, declines only requests', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const first = await seed.createSlot({ startTime: at(50, 10), maxBookings: 2 })
    const second = await seed.createSlot({ startTime: at(51, 10), maxBookings: 2 })
    const third = await seed.createSlot({ startTime: at(52, 10), maxBookings: 2 })
    const fay = await seed.createCustomer('fay')
    const [kept, cancelledWhileAsked, cancelledBefore] = [
      await bookAs(fay, first.id),
      await bookAs(fay, second.id),
      await bookAs(fay, third.id),
    ]
    const fayApi = await apiAs(fay)

    const { context, page } = await suite.device(seed.providerA, '#/inbox')
    const panel = page.getByTestId('bulk-bookings')
    const row = (id: string) => panel.locator(`[data-testid="bulk-row"][data-booking-id="${id}"]`)
    const reason = panel.getByTestId('bulk-reason')

    // Ticked, then cancelled by the customer before Cancel is pressed: said near the buttons.
    await row(cancelledBefore).locator('input').check()
    expect((await fayApi.patch(`/api/bookings/${cancelledBefore}`, { status: 'CANCELLED' })).status).toBe(200)
    await row(cancelledBefore).waitFor({ state: 'detached' })
    const gone = panel.getByTestId('bulk-gone')
    await expect.poll(() => gone.textContent()).toMatch(/: It was already cancelled by the customer\./)
    await gone.getByRole('button', { name: 'OK' }).click()
    await gone.waitFor({ state: 'detached' })

    // Cancelled by the customer while the question is open: still answered, as the provider said yes to it.
    for (const id of [kept, cancelledWhileAsked]) await row(id).locator('input').check()
    await reason.fill('Closed for repairs')
    await panel.getByTestId('bulk-cancel').click()
    const question = panel.locator('.bulk-bar .confirm__question')
    expect(await question.textContent()).toBe(
      'Cancel 2 bookings of 1 customer? The customer is told: “Closed for repairs”.',
    )
    expect((await fayApi.patch(`/api/bookings/${cancelledWhileAsked}`, { status: 'CANCELLED' })).status).toBe(
      200,
    )
    await row(cancelledWhileAsked).waitFor({ state: 'detached' })
    expect(await question.textContent()).toMatch(/^Cancel 2 bookings of 1 customer\?/)
    await panel.getByTestId('bulk-cancel-confirm').click()
    const outcome = panel.getByTestId('bulk-outcome')
    await outcome.waitFor()
    const lines = await outcome.getByTestId('outcome-row').allTextContents()
    expect(lines).toHaveLength(2)
    expect(lines.filter((line) => /: nothing changed\. It was already cancelled\.$/.test(line))).toHaveLength(
      1,
    )
    expect(await outcome.locator('[data-unchanged="true"]').count()).toBe(1)

    // A confirmed booking cannot be declined: Decline is disabled, saying why.
    const later = await seed.createSlot({ startTime: at(53, 10), maxBookings: 2 })
    const confirmed = await bookAs(fay, later.id)
    const provider = await apiAs(seed.providerA)
    expect((await provider.patch(`/api/bookings/${confirmed}`, { status: 'CONFIRMED' })).status).toBe(200)
    await expect.poll(() => row(confirmed).textContent()).toContain('confirmed')
    await row(confirmed).locator('input').check()
    await reason.fill('Fully booked')
    const decline = panel.getByTestId('bulk-decline')
    expect(await decline.isDisabled()).toBe(true)
    const why = panel.getByTestId('bulk-decline-why')
    expect(await why.textContent()).toBe(
      'Decline is for requests, and none of the selected bookings is one: cancel them instead.',
    )
    expect(await decline.getAttribute('aria-describedby')).toContain(await why.getAttribute('id'))

    // Every row refused: the typed reason stays, to try again.
    await context.route('**/api/bookings/bulk', (route) =>
      route.fulfill({
        json: { applied: 0, rows: [{ id: confirmed, ok: false, message: 'Not now.' }] },
      }),
    )
    await panel.getByTestId('bulk-cancel').click()
    await panel.getByTestId('bulk-cancel-confirm').click()
    await expect.poll(() => outcome.textContent()).toContain('not cancelled. Not now.')
    expect(await reason.inputValue()).toBe('Fully booked')
    await context.unroute('**/api/bookings/bulk')
  })

  it("a customer promoted to provider is offered the provider's zone field, and the save is taken", {
    timeout: TEST_MS,
  }, async () => {
    const { server } = suite
    const email = `promoted-${Date.now()}@test.example`
    const user = await createAccount(server.db, {
      email,
      name: 'Promoted Member',
      role: 'customer',
      password: FIXTURE_PASSWORD,
      timeZone: 'Europe/Berlin',
      organisationId: DEFAULT_ORGANISATION_ID,
    })
    await addMembership(server.db, DEFAULT_ORGANISATION_ID, user.id, 'provider')

    const { page } = await suite.device({ email, password: FIXTURE_PASSWORD }, '#/provider-slots')
    await page.getByTestId('open-profile').click()
    const dialog = page.getByTestId('profile-dialog')
    await dialog.getByText('Business time zone (you enter and read every time in it)').waitFor()
    await dialog.getByTestId('profile-zone').selectOption('Asia/Tokyo')
    await dialog.getByTestId('profile-save').click()
    await dialog.waitFor({ state: 'hidden' })
    const { rows } = await server.db.query<{ time_zone: string }>(
      'SELECT time_zone FROM users WHERE id = $1',
      [user.id],
    )
    expect(rows[0]?.time_zone).toBe('Asia/Tokyo')
  })
})
