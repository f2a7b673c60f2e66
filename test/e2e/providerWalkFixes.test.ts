/**
 * A new provider's screens in real Chromium, as a browser walk found them: the inbox listed requests
 * in the order they were made, not soonest first (two for today came after one for next month);
 * "Confirm all" confirmed every request in one click without asking; deleting a slot put the focus
 * on "Yes, delete" (Enter, Enter deleted) and then on the page's <body>; the reason for declining was
 * cut at 500 characters without a counter; the invitation link was a tiny box glued to "Copy link"; a new provider's charts read "0, 1, 1" on
 * the y-axis and "0% · 0 of 0 seats" where no seats were published.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createAccount } from '../../server/auth/accounts.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { providerWeekHash, slotCard } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { addOrganisation } from '../helpers/organisations.js'
import { FIXTURE_PASSWORD, type TestUser } from '../helpers/testFixtures.js'

const TEST_MS = 120_000
const HOUR = 3_600_000

/** What has the keyboard focus: its test id, slot id, tag and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement
    return {
      tag: element?.tagName.toLowerCase(),
      testId: element?.getAttribute('data-testid'),
      slotId: element?.getAttribute('data-slot-id'),
      text: element?.textContent,
    }
  })

describeInBrowser("a new provider's screens, as a browser walk found them, in Chromium", () => {
  const suite = browserSuite()

  async function bookAs(customer: Pick<TestUser, 'email'>, slotId: string): Promise<string> {
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const booked = await api.post('/api/bookings', { slotId })
    expect(booked.status).toBe(201)
    return booked.body.id
  }

  it('the inbox lists requests soonest first; a reason counts its characters; "Confirm all" asks first', {
    timeout: TEST_MS,
  }, async () => {
    const { server } = suite
    const { seed } = server
    // Made first, for the latest time: listed last all the same.
    const later = await seed.createSlot({ startTime: new Date(Date.now() + 12 * 24 * HOUR).toISOString() })
    const soon = await seed.createSlot({ startTime: new Date(Date.now() + 3 * HOUR).toISOString() })
    const sooner = await seed.createSlot({ startTime: new Date(Date.now() + 2 * HOUR).toISOString() })
    const ids = [
      await bookAs(await seed.createCustomer('walk-later'), later.id),
      await bookAs(await seed.createCustomer('walk-soon'), soon.id),
      await bookAs(await seed.createCustomer('walk-sooner'), sooner.id),
      await bookAs(await seed.createCustomer('walk-soon-too'), soon.id),
    ]
    const statuses = async () => {
      const { rows } = await server.db.query<{ status: string }>(
        'SELECT status FROM bookings WHERE id = ANY($1::uuid[]) AND status = $2',
        [ids, 'CONFIRMED'],
      )
      return rows.length
    }

    const { page } = await suite.device(seed.providerA, '#/inbox')
    const names = page.getByTestId('provider-booking-customer')
    const walkNames = async () =>
      (await names.allTextContents())
        .filter((n) => n.startsWith('walk-'))
        .map((n) => n.replace(/-\w{6}$/, ''))
    await expect.poll(walkNames).toHaveLength(4)
    // Soonest first; two for the same slot in the order they were made.
    expect(await walkNames()).toEqual(['walk-sooner', 'walk-soon', 'walk-soon-too', 'walk-later'])

    // Declining asks for a reason and counts its characters, as the customer's notes field does.
    const declining = page.getByTestId('provider-booking').first()
    await declining.getByTestId('provider-cancel').click()
    const reasonForm = declining.getByTestId('provider-cancel-form')
    expect(await reasonForm.getByTestId('character-count').textContent()).toBe('0/500')
    await reasonForm.getByTestId('provider-cancel-reason').fill('x'.repeat(600))
    expect(await reasonForm.getByTestId('character-count').textContent()).toBe('500/500')
    await reasonForm.getByRole('button', { name: 'Keep booking' }).click()

    // "Confirm all" asks first, with how many and that the customers are told; the focus is on "Keep".
    const count = await page.getByTestId('provider-booking').count()
    const confirmAll = page.getByTestId('confirm-all')
    expect(await confirmAll.textContent()).toBe(`Confirm all ${count}`)
    await confirmAll.focus()
    await page.keyboard.press('Enter')
    expect(await page.locator('.confirm__question').textContent()).toBe(
      `Confirm all ${count} requests? Each customer is told their booking is confirmed.`,
    )
    await expect.poll(() => focused(page)).toMatchObject({ text: 'Keep' })
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatchObject({ testId: 'confirm-all' })
    expect(await statuses()).toBe(0)

    await confirmAll.click()
    await page.getByTestId('confirm-all-confirm').click()
    await page.getByTestId('empty').waitFor()
    await expect.poll(statuses).toBe(4)
  })

  it('deleting a slot asks with the focus on "Keep", then gives the focus to the next slot, then the heading', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const start = Date.parse(new Date(Date.now() + 20 * 24 * HOUR).toISOString().slice(0, 10))
    const first = await seed.createSlot({ startTime: new Date(start + 9 * HOUR).toISOString() })
    const second = await seed.createSlot({ startTime: new Date(start + 11 * HOUR).toISOString() })
    const { page } = await suite.device(seed.providerA, providerWeekHash(first))
    const dialog = page.getByTestId('slot-dialog')

    const deleteWithKeyboard = async (slotId: string) => {
      await slotCard(page, slotId).focus()
      await page.keyboard.press('Enter')
      await dialog.getByTestId('delete-slot').focus()
      await page.keyboard.press('Enter')
      // The question takes the focus on its safe option: Enter, Enter deletes nothing.
      await expect.poll(() => focused(page)).toMatchObject({ text: 'Keep' })
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page)).toMatchObject({ testId: 'delete-slot' })
      expect(await slotCard(page, slotId).count()).toBe(1)
      // A deliberate second press: onto "Yes, delete", then Enter.
      await page.keyboard.press('Enter')
      await page.keyboard.press('Shift+Tab')
      await expect.poll(() => focused(page)).toMatchObject({ testId: 'delete-slot-confirm' })
      await page.keyboard.press('Enter')
      await dialog.waitFor({ state: 'hidden' })
      await expect.poll(() => slotCard(page, slotId).count()).toBe(0)
    }

    // The focus moves once the page has drawn the week without the card (an effect after the paint
    // that removed it): awaited, not read in that frame (a fresh-clone CI run read <body> there).
    await deleteWithKeyboard(first.id)
    await expect.poll(() => focused(page)).toMatchObject({ testId: 'slot-card', slotId: second.id })
    await deleteWithKeyboard(second.id)
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', text: 'My slots' })
  })

  it('declining a request in the inbox gives the focus to the next request, then the heading', {
    timeout: TEST_MS,
  }, async () => {
    // An organisation of its own: the inbox holds only this test's two requests.
    const org = await addOrganisation(suite.server.db, 'Decline focus')
    const { seed } = org
    const start = Date.now() + 20 * 24 * HOUR
    const first = await seed.createSlot({ startTime: new Date(start).toISOString() })
    const second = await seed.createSlot({ startTime: new Date(start + 2 * HOUR).toISOString() })
    const firstId = await bookAs(seed.customerA, first.id)
    const secondId = await bookAs(seed.customerB, second.id)
    const { page } = await suite.device(seed.providerA, '#/inbox')
    const request = (id: string) => page.locator(`[data-testid="provider-booking"][data-booking-id="${id}"]`)
    const focusedBooking = () => page.evaluate(() => document.activeElement?.getAttribute('data-booking-id'))

    const decline = async (id: string) => {
      await request(id).getByTestId('provider-cancel').click()
      await request(id).getByTestId('provider-cancel-reason').fill('Away that day')
      await request(id).getByTestId('provider-cancel-confirm').click()
      await expect.poll(() => request(id).count()).toBe(0)
    }
    await request(firstId).waitFor()
    await request(secondId).waitFor()
    await decline(firstId)
    await expect.poll(focusedBooking).toBe(secondId)
    await decline(secondId)
    await page.getByTestId('empty').waitFor()
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', text: 'Requests' })
  })

  it('the invitation link takes the row, with a gap before "Copy link"; on a phone the whole row', {
    timeout: TEST_MS,
  }, async () => {
    const org = await addOrganisation(suite.server.db, 'Invitation walk')
    await addMembership(suite.server.db, org.id, org.seed.customerC.id, 'admin')
    const { page } = await suite.device(org.seed.customerC, '#/organisation')
    await page.getByTestId('create-invitation').click()
    const link = page.getByTestId('invitation-link')
    const box = async (locator: typeof link) => {
      const found = await locator.boundingBox()
      if (!found) throw new Error('not shown')
      return found
    }
    const card = page.locator('[aria-labelledby="invite-title"]')
    const copy = page.getByTestId('invitation-copy')
    await link.waitFor()
    const [field, button, whole] = [await box(link), await box(copy), await box(card)]
    expect(field.width).toBeGreaterThan(whole.width * 0.6)
    expect(button.x - (field.x + field.width)).toBeGreaterThanOrEqual(6)
    await page.setViewportSize({ width: 390, height: 844 })
    await expect.poll(async () => (await box(link)).width / (await box(card)).width).toBeGreaterThan(0.85)
    expect((await box(copy)).y).toBeGreaterThanOrEqual((await box(link)).y + (await box(link)).height)
  })

  it("a new provider's insights and stats: whole-number axis, a dash where no seats were published", {
    timeout: TEST_MS,
  }, async () => {
    const email = `new-provider-${Date.now()}@test.example`
    await createAccount(suite.server.db, {
      email,
      name: 'New Provider',
      role: 'provider',
      password: FIXTURE_PASSWORD,
      timeZone: 'Europe/Berlin',
      organisationId: DEFAULT_ORGANISATION_ID,
    })
    const { page } = await suite.device({ email, password: FIXTURE_PASSWORD })
    await page.getByTestId('nav-insights').click()
    await page.getByTestId('insights-ready').waitFor({ timeout: 30_000 })
    const daily = page.getByTestId('insights-daily')
    expect(await daily.locator('.line-chart__grid text').allTextContents()).toEqual(['0', '1'])
    const seatsTile = page.locator('.tile').filter({ hasText: 'Seats used' })
    expect(await seatsTile.locator('dd').allTextContents()).toEqual(['—', 'No past slots in this period'])
    expect(await page.getByTestId('insights-utilisation').textContent()).not.toMatch(/0%|0 of 0/)

    // Stats of a provider with slots on some days only: the other days read "no seats", not "0% 0/0".
    const stats = await suite.device(suite.server.seed.providerA, '#/stats')
    const day = stats.page.getByTestId('chart-day')
    await day.waitFor()
    const details = await day.locator('.bar-chart__detail').allTextContents()
    expect(details).toContain('no seats')
    expect(details).not.toContain('0/0')
  })
})
