/**
 * A provider's and organisation admin's screens in real Chromium, as a browser walk found them:
 * the audit trail reaches every entry and counts what it does not show (it read 100 and said
 * "75 not shown" of 128+); a refused offline change reads in words with its slot's time and the
 * reason (it read "slot.change_refused slot 7e963395"); cancelling a date range asks first, saying
 * how many bookings of how many customers (one click cancelled four customers' bookings); a bulk
 * confirm of confirmed bookings says they already were (it said "2 of 2 done"); "Delete slot" is
 * shown disabled with why while the slot has bookings (it was missing); the weekly pattern says why
 * it creates nothing; a provider without services is sent to Services (it got "Something went
 * wrong"); a slot's toast names another year; the Stats tab's page is called Stats.
 */
import { TZDate, tz } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import { expect, it } from 'vitest'
import { createAccount } from '../../server/auth/accounts.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { providerWeekHash, slotCard } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { FIXTURE_PASSWORD, type TestUser } from '../helpers/testFixtures.js'

const TEST_MS = 120_000
const LONG_DATE = String.raw`\w+day \d+ \w+ \d{4}, \d\d:\d\d`

describeInBrowser("a provider's and an admin's screens in Chromium", () => {
  const suite = browserSuite()

  async function bookAs(customer: Pick<TestUser, 'email'>, slotId: string): Promise<string> {
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const booked = await api.post('/api/bookings', { slotId })
    expect(booked.status).toBe(201)
    return booked.body.id
  }

  /** The replicated document of `id` as `user` pulls it (their organisation holds only a few). */
  async function pulled(user: Pick<TestUser, 'email'>, collection: 'slots' | 'bookings', id: string) {
    const api = suite.server.api(await suite.server.signIn(user.email))
    const { body } = await api.get(`/api/replication/${collection}/pull?batchSize=1000`)
    const doc = (body.documents as { id: string }[]).find((d) => d.id === id)
    if (!doc) throw new Error(`${collection} ${id} not pulled`)
    return doc
  }

  /** A change made offline, pushed on reconnecting, and refused: answers the refusal's code. */
  async function pushRefused(
    user: Pick<TestUser, 'email'>,
    collection: 'slots' | 'bookings',
    doc: object,
    change: object,
  ): Promise<string> {
    const api = suite.server.api(await suite.server.signIn(user.email))
    const answer = await api.post(`/api/replication/${collection}/push`, [
      { assumedMasterState: doc, newDocumentState: { ...doc, ...change } },
    ])
    expect(answer.status).toBe(200)
    return answer.body[0]?.refusal?.code
  }

  /** An organisation whose admin's trail has 130 older entries and two refused offline changes. */
  let auditOrg: Promise<{ org: TestOrganisation; total: number }> | undefined
  const withAuditTrail = () => {
    auditOrg ??= writeAuditTrail()
    return auditOrg
  }
  async function writeAuditTrail() {
    const { server } = suite
    const org = await addOrganisation(server.db, 'Audit walk')
    const admin = org.seed.providerA
    await addMembership(server.db, org.id, admin.id, 'admin')
    // 130 older entries (the walk's trail had 128+), the oldest named so it can be found.
    for (let i = 1; i <= 130; i++) {
      await server.db.query(
        `INSERT INTO audit_log (organisation_id, actor_id, provider_id, action, entity_type, entity_id, after, at)
         VALUES ($1, $2, $2, 'slot.updated', 'slot', $3, $4::jsonb, now() - $5::int * interval '1 minute' - interval '1 day')`,
        [
          org.id,
          admin.id,
          org.seed.slots.single.id,
          JSON.stringify({ serviceName: `Entry ${i}`, startTime: org.seed.slots.single.startTime }),
          i,
        ],
      )
    }
    // Two offline changes the server refuses: capacity below two bookings, confirming a cancelled booking.
    const slot = org.seed.slots.five
    const booking = await bookAs(org.seed.customerA, slot.id)
    await bookAs(org.seed.customerB, slot.id)
    const slotDoc = await pulled(admin, 'slots', slot.id)
    expect(await pushRefused(admin, 'slots', slotDoc, { maxBookings: 1 })).toBe('CAPACITY_BELOW_BOOKINGS')
    const customer = server.api(await server.signIn(org.seed.customerA.email))
    expect((await customer.patch(`/api/bookings/${booking}`, { status: 'CANCELLED' })).status).toBe(200)
    const bookingDoc = await pulled(admin, 'bookings', booking)
    expect(await pushRefused(admin, 'bookings', bookingDoc, { status: 'CONFIRMED' })).toBe(
      'INVALID_TRANSITION',
    )
    const { rows } = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE organisation_id = $1',
      [org.id],
    )
    return { org, total: rows[0]?.n ?? 0 }
  }

  it('1: the audit trail pages through every entry and counts what it does not show', {
    timeout: TEST_MS,
  }, async () => {
    const { org, total } = await withAuditTrail()
    expect(total).toBeGreaterThan(130)
    const { page } = await suite.device(org.seed.providerA, '#/organisation')
    const entries = page.getByTestId('organisation-audit').locator('li')
    await entries.first().waitFor()
    const more = page.getByTestId('organisation-audit-more')
    let shown = 25
    while (shown < total) {
      expect(await entries.count()).toBe(shown)
      const hidden = total - shown
      expect(await more.textContent()).toBe(`Show ${Math.min(25, hidden)} more (${hidden} not shown)`)
      await more.click()
      shown = Math.min(total, shown + 25)
      await entries.nth(shown - 1).waitFor()
    }
    await more.waitFor({ state: 'detached' })
    expect(await entries.count()).toBe(total)
    expect(await entries.last().textContent()).toContain('Entry 130')
  })

  it('12: webhook endpoint changes and an organisation created read in words in the trail', {
    timeout: TEST_MS,
  }, async () => {
    const { server } = suite
    const org = await addOrganisation(server.db, 'Settings walk')
    const admin = org.seed.providerA
    await addMembership(server.db, org.id, admin.id, 'admin')
    const api = server.api(await server.signIn(admin.email))
    const url = 'http://127.0.0.1:9/hooks'
    const created = await api.post('/api/webhooks', { url, events: ['booking.created'] })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect((await api.patch(`/api/webhooks/${id}`, { enabled: false })).status).toBe(200)
    expect((await api.post(`/api/webhooks/${id}/rotate-secret`)).status).toBe(200)
    expect((await api.delete(`/api/webhooks/${id}`)).status).toBe(200)
    const slug = `branch-${org.slug}`
    expect((await api.post('/api/organisations', { name: 'Branch', slug })).status).toBe(201)

    const { page } = await suite.device(admin, '#/organisation')
    const entries = page.getByTestId('organisation-audit').locator('li')
    await entries.nth(4).waitFor()
    const texts = await entries.evaluateAll((items) => items.slice(0, 5).map((li) => li.textContent ?? ''))
    const name = admin.name
    expect(texts[0]).toContain(`${name} created the organisation Branch (short name ${slug})`)
    expect(texts[1]).toContain(`${name} deleted the webhook endpoint ${url}`)
    expect(texts[2]).toMatch(
      new RegExp(
        `${name} rotated the signing secret of the webhook endpoint ${url} \\(the old secret signs too until ${LONG_DATE}\\)`,
      ),
    )
    expect(texts[3]).toContain(`${name} disabled the webhook endpoint ${url}`)
    expect(texts[4]).toContain(`${name} added the webhook endpoint ${url} (booking.created)`)
    expect(texts.join(' ')).not.toContain(created.body.secret)
  })

  it('2: a refused offline change reads in words, with its slot or booking, the reason and when', {
    timeout: TEST_MS,
  }, async () => {
    const { org } = await withAuditTrail()
    const { page } = await suite.device(org.seed.providerA, '#/organisation')
    const trail = page.getByTestId('organisation-audit')
    await trail.locator('li').first().waitFor()
    // The booking's refusal is the newest; the slot's came before the customer cancelled.
    const newest = trail.locator('li').first()
    const slotRefused = trail.locator('li[data-action="slot.change_refused"]')
    expect(await newest.getAttribute('data-action')).toBe('booking.change_refused')
    expect(await newest.locator('span').textContent()).toMatch(
      new RegExp(
        `^A change by provider-a to booking UNI-\\w+ for ${LONG_DATE} \\(confirming it\\) was not saved: .+`,
      ),
    )
    expect(await slotRefused.locator('span').textContent()).toMatch(
      new RegExp(
        `^A change by provider-a to the Physio slot on ${LONG_DATE} \\(capacity 1\\) was not saved: ` +
          'Capacity cannot go below the number of active bookings\\.$',
      ),
    )
    // Each entry also shows when it happened.
    for (const entry of [newest, slotRefused])
      expect(await entry.getByTestId('audit-at').textContent()).toMatch(new RegExp(`^${LONG_DATE}$`))
    await suite.screenshot(page, 'organisation-audit-refused')
  })

  /** A day `daysAhead` in providerA's zone, and instants on it (or `offset` days after) at an hour. */
  function dayAhead(daysAhead: number) {
    const zone = suite.server.seed.providerA.timeZone
    const day = format(addDays(new Date(), daysAhead), 'yyyy-MM-dd', { in: tz(zone) })
    const [year = 0, month = 1, date = 1] = day.split('-').map(Number)
    const at = (offset: number, hour: number) =>
      new Date(new TZDate(year, month - 1, date + offset, hour, 0, 0, zone).getTime()).toISOString()
    return { day, at }
  }

  async function bookingStatuses(ids: readonly string[]): Promise<string[]> {
    const { rows } = await suite.server.db.query<{ id: string; status: string }>(
      'SELECT id, status FROM bookings WHERE id = ANY($1::uuid[])',
      [ids],
    )
    const byId = new Map(rows.map((r) => [r.id, r.status]))
    return ids.map((id) => byId.get(id) ?? 'missing')
  }

  it('6: a bulk confirm of bookings already confirmed says they already were, not "done"', {
    timeout: TEST_MS,
  }, async () => {
    const { server } = suite
    const { seed } = server
    const { at } = dayAhead(33)
    const slot = await seed.createSlot({ startTime: at(0, 10), maxBookings: 3 })
    const ids = [
      await bookAs(await seed.createCustomer('cleo'), slot.id),
      await bookAs(await seed.createCustomer('dan'), slot.id),
    ]
    const provider = server.api(await server.signIn(seed.providerA.email))
    for (const id of ids)
      expect((await provider.patch(`/api/bookings/${id}`, { status: 'CONFIRMED' })).status).toBe(200)

    const { page } = await suite.device(seed.providerA, '#/inbox')
    const panel = page.getByTestId('bulk-bookings')
    for (const id of ids)
      await panel.locator(`[data-testid="bulk-row"][data-booking-id="${id}"] input`).check()
    await panel.getByTestId('bulk-confirm').click()
    const outcome = panel.getByTestId('bulk-outcome')
    await outcome.waitFor()
    const rows = outcome.getByTestId('outcome-row')
    expect(await rows.count()).toBe(2)
    for (const text of await rows.allTextContents()) {
      expect(text).toMatch(/: nothing changed\. It was already confirmed\.$/)
      expect(text).not.toContain('done')
    }
    expect(await outcome.locator('[data-unchanged="true"]').count()).toBe(2)
    await page.getByText('0 of 2 confirmed; 2 were already confirmed.').first().waitFor()
  })

  it('5: cancelling a date range asks first, with how many bookings of how many customers', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const { day, at } = dayAhead(30)
    const morning = await seed.createSlot({ startTime: at(0, 10), maxBookings: 3 })
    const noon = await seed.createSlot({ startTime: at(0, 12), maxBookings: 3 })
    const nextDay = await seed.createSlot({ startTime: at(1, 10), maxBookings: 3 })
    const [ann, ben] = [await seed.createCustomer('ann'), await seed.createCustomer('ben')]
    const inRange = [await bookAs(ann, morning.id), await bookAs(ben, morning.id), await bookAs(ann, noon.id)]
    const outside = await bookAs(ben, nextDay.id)

    const { page } = await suite.device(seed.providerA, '#/inbox')
    const range = page.getByTestId('bulk-bookings').getByTestId('cancel-range')
    const submit = range.getByTestId('range-submit')
    await range.getByTestId('range-from').fill(day)
    await range.getByTestId('range-to').fill(day)
    await range.getByTestId('range-reason').fill('Provider ill')
    await submit.click()
    // Asked first, with what it will do: nothing is cancelled until the provider confirms.
    const question = range.getByTestId('range-confirm')
    expect(await question.locator('legend').textContent()).toMatch(
      /^Cancel 3 bookings of 2 customers on \w{3} \d+ \w{3}\? Each customer is told: “Provider ill”\.$/,
    )
    await suite.screenshot(page, 'cancel-range-confirm')
    expect(await bookingStatuses([...inRange, outside])).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING'])
    await question.getByRole('button', { name: 'Keep them' }).click()
    await question.waitFor({ state: 'detached' })

    // Backwards: disabled, and it says why next to the button.
    await range.getByTestId('range-to').fill(format(addDays(new Date(`${day}T12:00:00Z`), -1), 'yyyy-MM-dd'))
    expect(await submit.isDisabled()).toBe(true)
    expect(await range.getByTestId('range-hint').textContent()).toBe(
      '“To” is before “From”: choose a later last day.',
    )
    expect(await submit.getAttribute('aria-describedby')).toBe(
      await range.getByTestId('range-hint').getAttribute('id'),
    )
    await range.getByTestId('range-to').fill(day)
    expect(await range.getByTestId('range-hint').textContent()).toMatch(
      /^3 active bookings on \w{3} \d+ \w{3}\.$/,
    )
    await submit.click()
    await range.getByTestId('range-confirm-yes').click()
    await page.getByText('3 of 3 cancelled.').first().waitFor()
    expect(await bookingStatuses([...inRange, outside])).toEqual([
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
      'PENDING',
    ])
  })

  it('8: "Delete slot" is there while the slot has bookings, disabled, saying to cancel them first', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ hoursFromNow: 60, maxBookings: 3 })
    await bookAs(seed.customerA, slot.id)
    await bookAs(seed.customerB, slot.id)
    const { page } = await suite.device(seed.providerA, providerWeekHash(slot))
    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('slot-dialog')
    const remove = dialog.getByTestId('delete-slot')
    await remove.waitFor()
    expect(await remove.isDisabled()).toBe(true)
    const hint = dialog.getByTestId('delete-slot-hint')
    expect(await hint.textContent()).toBe('To delete this slot, cancel its 2 bookings first.')
    expect(await remove.getAttribute('aria-describedby')).toBe(await hint.getAttribute('id'))
  })

  it('13: blocking a slot with bookings asks first, saying how many and that they stand; the customer reads it', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ hoursFromNow: 64, maxBookings: 3 })
    const booking = await bookAs(seed.customerA, slot.id)
    await bookAs(seed.customerB, slot.id)
    const { page } = await suite.device(seed.providerA, providerWeekHash(slot))
    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('slot-dialog')
    await dialog.getByTestId('toggle-block').click()
    // Not blocked on the first press: the question says how many bookings and what happens to them.
    expect(await dialog.locator('legend').textContent()).toBe(
      'This slot has 2 active bookings. Blocking stops new bookings only: their customers keep their bookings and are notified that it was blocked. To call them off, cancel the bookings. Block the slot?',
    )
    expect(await dialog.getByTestId('slot-state').textContent()).not.toBe('Blocked')
    await dialog.getByTestId('toggle-block-confirm').click()
    await dialog.locator('[data-testid="toggle-block"][aria-pressed="true"]').waitFor()
    // The server's rule, once the block is pushed: the slot is no longer offered, the bookings keep their status.
    const stored = async () =>
      (
        await suite.server.db.query<{ blocked: boolean; status: string }>(
          'SELECT s.blocked, b.status FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1',
          [booking],
        )
      ).rows[0]
    await expect.poll(async () => (await stored())?.blocked, { timeout: 15_000 }).toBe(true)
    expect(['PENDING', 'CONFIRMED']).toContain((await stored())?.status)

    const customer = await suite.device(seed.customerA, '#/bookings')
    const card = customer.page.locator(`[data-testid="booking-card"][data-booking-id="${booking}"]`)
    await card.getByTestId('slot-blocked-note').waitFor()
    expect(await card.getByTestId('slot-blocked-note').textContent()).toMatch(
      /^No longer offered: the provider has blocked this slot for new bookings\. Your booking stays as it is/,
    )
  })

  it('10 and 11: the slot dialog states the capacity the server takes; New slots prefills a free time', {
    timeout: TEST_MS,
  }, async () => {
    const { server } = suite
    const org = await addOrganisation(server.db, 'Free times')
    const provider = org.seed.providerA // Europe/Berlin
    // Only this test's slots: tomorrow (in the provider's zone) 09:00–10:00 and 10:00–10:45.
    await server.db.query('DELETE FROM slots WHERE provider_id = $1', [provider.id])
    const tomorrow = format(addDays(new Date(), 1), 'yyyy-MM-dd', { in: tz('Europe/Berlin') })
    const [year, month, date] = tomorrow.split('-').map(Number) as [number, number, number]
    const at = (hours: number, minutes = 0) =>
      new TZDate(year, month - 1, date, hours, minutes, 'Europe/Berlin').toISOString()
    const nine = await org.seed.createSlot({ provider, startTime: at(9), maxBookings: 3 })
    await org.seed.createSlot({ provider, startTime: at(10), durationMinutes: 45 })
    await bookAs(org.seed.customerA, nine.id)
    await bookAs(org.seed.customerB, nine.id)

    // The capacity field says and enforces the server's range (shared MAX_CAPACITY), and its floor.
    const { page } = await suite.device(provider, providerWeekHash(nine))
    await slotCard(page, nine.id).click()
    const dialog = page.getByTestId('slot-dialog')
    const capacity = dialog.getByTestId('capacity-input')
    await capacity.waitFor()
    expect(await capacity.getAttribute('max')).toBe('1000')
    expect(await dialog.getByTestId('capacity-hint').textContent()).toBe(
      'From 2 (seats already taken) to 1000 seats.',
    )
    const save = dialog.getByTestId('save-capacity')
    for (const [typed, problem] of [
      ['5000', 'Capacity must be at most 1000.'],
      ['1', 'Capacity cannot go below 2: that many seats are already taken.'],
    ] as const) {
      await capacity.fill(typed)
      expect(await dialog.getByTestId('capacity-problem').textContent()).toBe(problem)
      expect(await save.isDisabled()).toBe(true)
    }
    await capacity.fill('1000')
    await dialog.getByTestId('capacity-problem').waitFor({ state: 'detached' })
    await save.click()
    await expect.poll(() => dialog.textContent()).toContain('2 of 1000')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })

    // New slots: 09:00 (and 10:00) are taken tomorrow, so the form offers 10:45, and says no clash.
    await page.getByTestId('new-slots').click()
    const create = page.getByTestId('create-slots-dialog')
    expect(await create.getByTestId('slot-date').inputValue()).toBe(tomorrow)
    await expect.poll(() => create.getByTestId('slot-time').inputValue()).toBe('10:45')
    expect(await create.getByTestId('slot-refusal').count()).toBe(0)
    await create.getByTestId('create-slots').click()
    await page
      .getByText(/Slot created on .* at 10:45\./)
      .first()
      .waitFor()
  })

  it('3, 4 and 9: the weekly pattern says why; no services leads to Services; a toast names another year; Stats', {
    timeout: TEST_MS,
  }, async () => {
    const { server } = suite
    const email = `no-services-${Date.now()}@test.example`
    await createAccount(server.db, {
      email,
      name: 'New Provider',
      role: 'provider',
      password: FIXTURE_PASSWORD,
      timeZone: 'Europe/Berlin',
      organisationId: DEFAULT_ORGANISATION_ID,
    })
    const newcomer = await suite.device({ email, password: FIXTURE_PASSWORD }, '#/provider-slots')
    await newcomer.page.getByTestId('new-slots').click()
    const guidance = newcomer.page.getByTestId('no-services')
    await guidance.waitFor()
    expect(await newcomer.page.getByText('Something went wrong').count()).toBe(0)
    await guidance.getByRole('link', { name: 'Go to Services' }).click()
    await newcomer.page.getByRole('heading', { name: 'Services', level: 1 }).waitFor()
    await newcomer.page.getByTestId('create-slots-dialog').waitFor({ state: 'hidden' })

    const { page } = await suite.device(server.seed.providerA, '#/provider-slots')
    await page.getByTestId('new-slots').click()
    const dialog = page.getByTestId('create-slots-dialog')
    await dialog.getByLabel('Weekly pattern').check()
    const create = dialog.getByTestId('create-slots')
    const times = dialog.getByLabel('Start times (HH:mm, separated by commas)')
    for (const typed of ['9:0', '25:00', 'soon', '🙂']) {
      await times.fill(typed)
      expect(await dialog.getByTestId('pattern-problem-times').textContent()).toBe(
        `“${typed}” is not a time: write each as H:mm or HH:mm from 0:00 to 23:59, such as 9:00 or 14:30.`,
      )
      expect(await create.isDisabled()).toBe(true)
    }
    await times.fill('9:00')
    await dialog.getByTestId('pattern-problem-times').waitFor({ state: 'detached' })
    const from = await dialog.getByLabel('From').inputValue()
    await dialog
      .getByLabel('Until (inclusive)')
      .fill(format(addDays(new Date(`${from}T12:00:00Z`), -1), 'yyyy-MM-dd'))
    expect(await dialog.getByTestId('pattern-problem-to').textContent()).toBe(
      '“Until” is before “From”: choose a later day.',
    )
    await dialog
      .getByLabel('Until (inclusive)')
      .fill(format(addDays(new Date(`${from}T12:00:00Z`), 400), 'yyyy-MM-dd'))
    expect(await dialog.getByTestId('pattern-problem-to').textContent()).toBe(
      'A pattern covers at most a year: choose an earlier day.',
    )
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])
      await dialog.getByLabel(day, { exact: true }).uncheck()
    expect(await dialog.getByTestId('pattern-problem-weekdays').textContent()).toBe(
      'Tick at least one weekday.',
    )
    expect(await create.isDisabled()).toBe(true)

    // One slot in another year (next year's last day: within the horizon, shared/slotLimits.ts):
    // the toast names its year.
    const nextYear = new Date().getFullYear() + 1
    const weekday = format(new Date(`${nextYear}-12-31T12:00:00Z`), 'EEE')
    await dialog.getByLabel('One slot').check()
    await dialog.getByTestId('slot-date').fill(`${nextYear}-12-31`)
    await dialog.getByTestId('slot-time').fill('23:30')
    await create.click()
    await page.getByText(`Slot created on ${weekday} 31 Dec ${nextYear} at 23:30.`).first().waitFor()

    await page.getByTestId('nav-stats').click()
    await page.getByRole('heading', { name: 'Stats', level: 1 }).waitFor()
  })
})
