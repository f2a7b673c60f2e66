/**
 * An admin manages what they created, in Chromium on a phone's width and by keyboard: an open
 * invitation is listed (never its link) and revoked after asking, and its link then shows the screen
 * of a dead link; a member's role is changed; a member is removed after being told what happens.
 */
import { expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

describeInBrowser('an admin manages invitations and members', () => {
  let org: TestOrganisation
  const suite = browserSuite({
    prepare: async (server) => {
      org = await addOrganisation(server.db, 'Members Org')
      await addMembership(server.db, org.id, org.seed.customerC.id, 'admin')
    },
  })

  it('revokes an open invitation, changes a role and removes a member', { timeout: 120_000 }, async () => {
    const { server } = suite
    const { page } = await suite.device(org.seed.customerC, '#/organisation', { width: 390, height: 844 })
    /** The announcement (a toast, read out by the live region) saying `text`. */
    const announced = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor()
    const members = page.getByTestId('member-list')
    await members.waitFor()

    // An invitation made here is listed as open (who made it, the role), without its link.
    await page.getByTestId('invite-role').selectOption('provider')
    await page.getByTestId('create-invitation').click()
    const link = await page.getByTestId('invitation-link').inputValue()
    const open = page.getByTestId('open-invitation')
    await expect.poll(() => open.count()).toBe(1)
    expect(await open.textContent()).toMatch(/^Provider invitation from customer-c/)
    expect(await page.getByTestId('open-invitations').textContent()).not.toContain(link.split('=')[1])

    // Revoke asks first; by keyboard: Enter on Revoke, then on the confirmation that takes the focus.
    await open.getByTestId('invitation-revoke').focus()
    await page.keyboard.press('Enter')
    expect(await open.getByRole('group').textContent()).toContain('Its link stops working at once')
    await page.keyboard.press('Enter')
    await expect.poll(() => open.count()).toBe(0)
    await page.getByText('No open invitations').waitFor()
    await announced('Provider invitation revoked: its link no longer works.')
    // The link shown since it was made is taken off the page: it no longer works.
    await expect.poll(() => page.getByTestId('invitation-link').count()).toBe(0)

    // The revoked link shows the screen a used or expired link shows.
    const stranger = await (await suite.open()).newPage()
    await stranger.goto(link)
    await stranger.getByTestId('invitation-dead').waitFor()
    expect(await stranger.getByTestId('invitation-dead').getByRole('alert').textContent()).toBe(
      'This invitation link has been withdrawn by the organisation; ask for a new one.',
    )

    // A customer made a provider: choose the role, then Change role.
    const customerA = members.locator(`[data-email="${org.seed.customerA.email}"]`)
    await customerA.getByLabel('Role of customer-a').selectOption('provider')
    await customerA.getByTestId('member-role-save').click()
    await announced('customer-a is now provider.')
    await expect
      .poll(() => members.locator(`[data-email="${org.seed.customerA.email}"]`).getAttribute('data-role'))
      .toBe('provider')
    // The only admin cannot be demoted or removed: not offered.
    const me = members.locator(`[data-email="${org.seed.customerC.email}"]`)
    expect(await me.getByTestId('member-remove').isDisabled()).toBe(true)
    expect(await me.locator('option[value="customer"]').isDisabled()).toBe(true)

    // Removing asks first and says what happens.
    const customerB = members.locator(`[data-email="${org.seed.customerB.email}"]`)
    await customerB.getByTestId('member-remove').click()
    expect(await customerB.getByRole('group').textContent()).toMatch(
      /^Remove customer-b from Members Org\? They lose access at once\./,
    )
    await customerB.getByTestId('member-remove-confirm').click()
    await announced('customer-b was removed from Members Org.')
    await expect.poll(() => customerB.count()).toBe(0)

    // The phone's width holds the page: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await suite.screenshot(page, 'organisation-members-phone', true)

    const { rows } = await server.db.query<{ user_id: string; role: string }>(
      'SELECT user_id, role FROM memberships WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])',
      [org.id, [org.seed.customerA.id, org.seed.customerB.id]],
    )
    expect(rows).toEqual([{ user_id: org.seed.customerA.id, role: 'provider' }])
    // The trail says so, in words.
    const trail = page.getByTestId('organisation-audit')
    await expect
      .poll(() => trail.locator('li').first().textContent())
      .toMatch(/^customer-c removed customer-b/)
  })

  it('says a refused removal or role change at the member, with the focus; one invitation per double click', {
    timeout: 120_000,
  }, async () => {
    const { page } = await suite.device(org.seed.customerC, '#/organisation')
    const members = page.getByTestId('member-list')
    await members.waitFor()
    // providerA has upcoming slots (the fixtures'): the server refuses both (MEMBER_HAS_UPCOMING_WORK).
    const provider = members.locator(`[data-email="${org.seed.providerA.email}"]`)
    const refusal = provider.getByTestId('member-refusal')
    const focusedOnScreen = () =>
      refusal.evaluate((note) => {
        const box = note.getBoundingClientRect()
        return note === document.activeElement && box.top >= 0 && box.bottom <= window.innerHeight
      })

    // Said when Remove is pressed, before any question: never asked to confirm what is then refused.
    await provider.getByTestId('member-remove').click()
    await expect.poll(() => refusal.textContent()).toMatch(/^provider-a still has 3 upcoming slots/)
    expect(await refusal.textContent()).toMatch(/Ask provider-a to cancel or move them under My slots\.$/)
    expect(await provider.getByRole('group').count()).toBe(0)
    expect(await provider.getByTestId('member-remove').isEnabled()).toBe(true)
    expect(await refusal.getAttribute('role')).toBe('alert')
    await expect.poll(focusedOnScreen).toBe(true)
    // Said where the admin acted, not in the page's note at its top (off-screen on a long page).
    expect(await page.locator('.page > [role="alert"]').count()).toBe(0)
    expect(await provider.getAttribute('data-role')).toBe('provider')

    // Made a customer: refused the same way, and the role shown goes back to the one they have.
    await provider.getByLabel('Role of provider-a').selectOption('customer')
    await provider.getByTestId('member-role-save').click()
    await expect.poll(() => refusal.textContent()).toMatch(/^provider-a still has 3 upcoming slots/)
    await expect.poll(focusedOnScreen).toBe(true)
    expect(await provider.getByLabel('Role of provider-a').inputValue()).toBe('provider')
    expect(await page.locator('.page > [role="alert"]').count()).toBe(0)

    // "Create invitation link" double-clicked: one request, one open invitation, its link shown.
    const open = page.getByTestId('open-invitation')
    await page
      .getByRole('region', { name: 'Open invitations' })
      .getByText(/invitation from|No open invitations/)
      .first()
      .waitFor()
    const openBefore = await open.count()
    const posts: string[] = []
    const answered: string[] = []
    const invitations = (url: string) => url.endsWith('/api/organisation/invitations')
    page.on('request', (r) => r.method() === 'POST' && invitations(r.url()) && posts.push(r.url()))
    page.on('requestfinished', (r) => r.method() === 'POST' && invitations(r.url()) && answered.push(r.url()))
    await page.getByTestId('create-invitation').dblclick()
    await page.getByTestId('invitation-link').waitFor()
    await expect.poll(() => open.count()).toBe(openBefore + 1)
    await expect.poll(() => answered.length).toBe(posts.length)
    expect(posts).toHaveLength(1)
    const { rows } = await suite.server.db.query<{ open: number }>(
      'SELECT count(*)::int AS open FROM invitations WHERE organisation_id = $1 AND used_at IS NULL AND revoked_at IS NULL',
      [org.id],
    )
    expect(rows[0]?.open).toBe(openBefore + 1)
  })
})
