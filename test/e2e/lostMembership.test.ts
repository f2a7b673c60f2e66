/**
 * The device of a member an admin removes (client/app/lostMembership.ts): removed from one of two
 * organisations while the app is open, it says so, counts the changes that could not be sent, and
 * works in the other; removed from the only one, it shows the screen of a user of no organisation,
 * from which an invitation link leads into another. Signing in with no organisation shows that
 * screen too, not an app whose every request is refused.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { bookSlot, setDeviceOffline, slotCard, slotWeekHash } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'

const TEST_MS = 120_000

/** Opens the calendar on the slot's week (whichever week the test runs in). */
async function showWeekOf(page: Page, slot: { id: string; startTime: string }): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash
  }, slotWeekHash(slot))
}

/** The element with the keyboard focus: its tag and text. */
const focusedText = (page: Page) =>
  page.evaluate(
    () => `${document.activeElement?.tagName.toLowerCase()}: ${document.activeElement?.textContent}`,
  )

describeInBrowser('a member whose membership ends', () => {
  let alpha: TestOrganisation
  let beta: TestOrganisation
  const suite = browserSuite({
    prepare: async (server) => {
      alpha = await addOrganisation(server.db, 'Alpha Org')
      beta = await addOrganisation(server.db, 'Beta Org')
      await addMembership(server.db, alpha.id, alpha.seed.customerC.id, 'admin')
      await addMembership(server.db, beta.id, beta.seed.customerC.id, 'admin')
    },
  })

  /** The organisation's admin removes the user, as the admin page does. */
  async function remove(org: TestOrganisation, userId: string): Promise<void> {
    const { server } = suite
    const admin = server.api(await server.signIn(org.seed.customerC.email))
    expect((await admin.delete(`/api/organisation/members/${userId}`)).status).toBe(200)
  }

  it('removed from one of two organisations: says so, counts what was not sent, works in the other', {
    timeout: TEST_MS,
  }, async () => {
    const user = alpha.seed.customerA
    await addMembership(suite.server.db, beta.id, user.id, 'customer')
    const slot = alpha.seed.slots.five
    const { context, page } = await suite.device(user, slotWeekHash(slot))
    expect(await page.getByTestId('organisation-current').textContent()).toBe('Alpha Org')

    // A booking made offline waits on the device while the admin removes the user.
    await setDeviceOffline(context, true)
    await bookSlot(page, slot.id)
    await page.locator('[data-testid="sync-indicator"][data-pending="1"]').waitFor()
    await remove(alpha, user.id)
    await setDeviceOffline(context, false)

    const ended = page.getByTestId('membership-ended')
    await ended.waitFor()
    expect(await ended.getByRole('status').textContent()).toBe(
      'You are no longer a member of Alpha Org. You now work in Beta Org. 1 change you made in Alpha Org could not be sent; it stays on this device.',
    )
    // The app works in Beta Org, whose slots it shows; Alpha Org is offered no more.
    await expect.poll(() => page.getByTestId('organisation-name').textContent()).toBe('Beta Org')
    await showWeekOf(page, beta.seed.slots.five)
    await slotCard(page, beta.seed.slots.five.id).waitFor()
    await page.locator('[data-testid="sync-indicator"][data-state="online"]').waitFor()
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('uniservice.session') ?? '{}'))
    expect(stored.organisations.map((o: { name: string }) => o.name)).toEqual(['Beta Org'])
    await suite.screenshot(page, 'membership-ended-switched')
    await ended.getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => ended.count()).toBe(0)
  })

  it('moved on by the app, the notice stays; switching to another organisation on their own clears it', {
    timeout: TEST_MS,
  }, async () => {
    const gamma = await addOrganisation(suite.server.db, 'Gamma Org')
    await addMembership(suite.server.db, gamma.id, gamma.seed.customerC.id, 'admin')
    const user = gamma.seed.customerA
    await addMembership(suite.server.db, alpha.id, user.id, 'customer')
    await addMembership(suite.server.db, beta.id, user.id, 'customer')
    const { page } = await suite.device(user)
    expect(await page.getByTestId('organisation-current').textContent()).toBe('Gamma Org')
    await remove(gamma, user.id)

    // The app moved to another organisation: that is the news, said until dismissed.
    const ended = page.getByTestId('membership-ended')
    await ended.waitFor()
    const nowIn = (await ended.getByRole('status').textContent())?.match(/You now work in (\w+ Org)\./)?.[1]
    expect(['Alpha Org', 'Beta Org']).toContain(nowIn)
    await expect.poll(() => page.getByTestId('organisation-current').textContent()).toBe(nowIn)
    // The user moves on to the other one: the notice of where the app went is old news there.
    const other = nowIn === 'Alpha Org' ? beta : alpha
    await page.getByTestId('organisation-switcher').selectOption(other.id)
    await expect
      .poll(() => page.getByTestId('organisation-current').textContent())
      .toBe(other === alpha ? 'Alpha Org' : 'Beta Org')
    await expect.poll(() => ended.count()).toBe(0)
  })

  it('removed from the only organisation: the no-organisation screen, and an invitation link back in', {
    timeout: TEST_MS,
  }, async () => {
    const user = alpha.seed.customerB
    const { page } = await suite.device(user)
    await remove(alpha, user.id)

    const screen = page.getByTestId('no-organisation')
    await screen.waitFor()
    expect(await screen.getByRole('heading').textContent()).toBe('You belong to no organisation')
    // The screen replaced the app: the focus is on its heading, not left on the page's <body>.
    await expect.poll(() => focusedText(page)).toBe('h1: You belong to no organisation')
    expect(await screen.getByTestId('membership-ended').textContent()).toBe(
      'You are no longer a member of Alpha Org.',
    )
    expect(await page.getByTestId('shell').count()).toBe(0)
    await suite.screenshot(page, 'membership-ended-none')

    // Beta Org invites the user: the link pasted here offers to join, and the app opens there.
    const betaAdmin = suite.server.api(await suite.server.signIn(beta.seed.customerC.email))
    const { url } = (await betaAdmin.post('/api/organisation/invitations', { role: 'customer' })).body
    await screen.getByTestId('invitation-link-input').fill('not a link')
    await screen.getByTestId('invitation-link-use').click()
    await screen.getByRole('alert').waitFor()
    await screen.getByTestId('invitation-link-input').fill(url)
    await screen.getByTestId('invitation-link-use').click()
    await page.getByTestId('invitation-join').click()
    await page.getByTestId('shell').waitFor()
    await expect.poll(() => page.getByTestId('organisation-name').textContent()).toBe('Beta Org')
    expect(await page.getByTestId('invitation-notice').textContent()).toContain(
      'You joined Beta Org as customer.',
    )
    // Joined on their own: the ended membership, read on the screen before, is no new problem here.
    await expect.poll(() => page.getByTestId('membership-ended').count()).toBe(0)
    await showWeekOf(page, beta.seed.slots.five)
    await slotCard(page, beta.seed.slots.five.id).waitFor()
  })

  it('signing in with no organisation shows that screen, and signs out from it', {
    timeout: TEST_MS,
  }, async () => {
    const user = beta.seed.customerB
    await remove(beta, user.id)
    const page = await (await suite.open()).newPage()
    await page.goto('/')
    await page.getByTestId('sign-in-email').fill(user.email)
    await page.getByTestId('sign-in-password').fill(user.password)
    await page.getByTestId('sign-in-submit').click()

    const screen = page.getByTestId('no-organisation')
    await screen.waitFor()
    expect(await screen.getByTestId('membership-ended').count()).toBe(0)
    await expect.poll(() => focusedText(page)).toBe('h1: You belong to no organisation')
    expect(await screen.textContent()).toContain(`Signed in as customer-b (${user.email})`)
    const token = await page.evaluate(
      () => JSON.parse(localStorage.getItem('uniservice.session') ?? '{}').token,
    )
    await screen.getByTestId('sign-out').click()
    await page.getByTestId('sign-in-email').waitFor()
    // Signed out on the server too: the session no longer answers.
    expect((await suite.server.api(token).get('/api/organisations')).status).toBe(401)
  })
})
