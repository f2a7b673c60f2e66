/**
 * Organisations in real Chromium (issue 9): a user of two organisations sees the switcher with both,
 * and each organisation shows only its own slots, from its own local database; an admin makes an
 * invitation link on the organisation page, and a new person signs up through it (in the device's
 * time zone); a person who has an account joins through a link with it, signing in from the
 * invitation screen or already signed in, and switches to the new organisation without signing in again.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import {
  DEVICE_TIME_ZONE,
  signInThroughUi,
  slotCard,
  slotWeekHash,
  waitForSynced,
} from '../helpers/appDriver.js'
import { launchBrowser, openDevice } from '../helpers/browser.js'
import { type E2eServer, startE2eServer } from '../helpers/e2eServer.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import type { TestUser } from '../helpers/testFixtures.js'

let server: E2eServer
let browser: Browser
let b: TestOrganisation
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
  b = await addOrganisation(server.db, 'Organisation B')
}, 180_000)

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await server?.close()
})

/** `admin` made an admin of organisation B, signed in on a device of their own on its organisation page. */
async function adminOnOrganisationPage(admin: TestUser): Promise<Page> {
  await addMembership(server.db, b.id, admin.id, 'admin')
  const context = await openDevice(browser, server.url)
  contexts.push(context)
  const page = await context.newPage()
  await signInThroughUi(page, admin.email, admin.password, '#/organisation')
  await page.getByTestId('organisation-audit').waitFor()
  return page
}

describe('organisations in Chromium', () => {
  it('a user of two organisations switches between them; each shows only its own slots', {
    timeout: 90_000,
  }, async () => {
    const user = b.seed.customerA
    await addMembership(server.db, DEFAULT_ORGANISATION_ID, user.id, 'customer')
    // A long name, as the demo's "Dev Customer (both organisations)": the header wrapped at 1280 px.
    await server.db.query('UPDATE users SET name = $2 WHERE id = $1', [
      user.id,
      'Customer A (both organisations)',
    ])
    const inB = b.seed.slots.pair
    const inA = server.seed.slots.pair
    const context = await openDevice(browser, server.url)
    contexts.push(context)
    const page = await context.newPage()
    // B is the user's first organisation: the app opens there.
    await signInThroughUi(page, user.email, user.password, slotWeekHash(inB))
    await waitForSynced(page)
    const switcher = page.getByTestId('organisation-switcher')
    expect(await switcher.locator('option').allTextContents()).toEqual([
      'Organisation B',
      'Default organisation',
    ])
    await slotCard(page, inB.id).waitFor()
    expect(await slotCard(page, inA.id).count()).toBe(0)
    // The header stays one row on a desktop: the account buttons sit beside the brand, not below it.
    const rowOf = async (selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? -1
    expect(page.viewportSize()?.width).toBeGreaterThanOrEqual(1280)
    expect(Math.abs((await rowOf('.account')) - (await rowOf('.brand')))).toBeLessThan(20)

    await switcher.selectOption(DEFAULT_ORGANISATION_ID)
    await page.goto(`/${slotWeekHash(inA)}`)
    await waitForSynced(page)
    await slotCard(page, inA.id).waitFor()
    expect(await slotCard(page, inB.id).count()).toBe(0)

    // Back to B: its own database still holds its slots, and nothing of A.
    await page.getByTestId('organisation-switcher').selectOption(b.id)
    await page.goto(`/${slotWeekHash(inB)}`)
    await waitForSynced(page)
    await slotCard(page, inB.id).waitFor()
    expect(await slotCard(page, inA.id).count()).toBe(0)
    const databases = await page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes('--slots')),
    )
    const compact = (id: string) => id.replace(/-/g, '')
    expect(databases.some((n) => n.includes(compact(b.id)))).toBe(true)
    expect(databases.some((n) => n.includes(compact(DEFAULT_ORGANISATION_ID)))).toBe(true)
  })

  it('tells apart two organisations whose names share a long prefix, on a desktop and on a phone', {
    timeout: 90_000,
  }, async () => {
    const names = ['Weber Physio Berlin', 'Weber Physio Potsdam']
    const ids = [randomUUID(), randomUUID()]
    const admin = b.seed.providerA
    for (const [i, id] of ids.entries()) {
      await server.db.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [
        id,
        names[i],
        `weber-${id.slice(0, 8)}`,
      ])
      await addMembership(server.db, id, admin.id, 'admin')
    }
    for (const width of [1280, 390]) {
      const context = await openDevice(browser, server.url, { width })
      contexts.push(context)
      const page = await context.newPage()
      await signInThroughUi(page, admin.email, admin.password)
      const switcher = page.getByTestId('organisation-switcher')
      for (const [i, id] of ids.entries()) {
        await switcher.selectOption(id)
        await expect.poll(() => switcher.inputValue()).toBe(id)
        // The whole name is on screen (not cut, not ending in an ellipsis) and is the control's title.
        const current = page.getByTestId('organisation-current')
        await expect.poll(() => current.textContent()).toBe(names[i])
        const shown = await current.evaluate(
          (el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight,
        )
        expect(shown, `${names[i]} shown whole at ${width} px`).toBe(true)
        expect(await switcher.getAttribute('title')).toBe(names[i])
        // Beside the bell, in the header's first row, no taller than a button pair (compact on a phone).
        const box = await page.locator('.organisation-switcher').boundingBox()
        const bell = await page.getByTestId('notification-bell').boundingBox()
        expect(box?.height ?? 999).toBeLessThanOrEqual(56)
        expect(
          Math.abs((box?.y ?? 0) + (box?.height ?? 0) / 2 - ((bell?.y ?? 0) + (bell?.height ?? 0) / 2)),
        ).toBeLessThan(12)
      }
      await context.close()
    }
  })

  it('an admin makes an invitation link; a new person signs up through it into that organisation', {
    timeout: 90_000,
  }, async () => {
    const admin = b.seed.providerB
    await addMembership(server.db, b.id, admin.id, 'admin')
    const adminContext = await openDevice(browser, server.url)
    contexts.push(adminContext)
    const adminPage = await adminContext.newPage()
    await signInThroughUi(adminPage, admin.email, admin.password, '#/organisation')
    await adminPage.getByTestId('invite-role').selectOption('customer')
    await adminPage.getByTestId('create-invitation').click()
    const link = await adminPage.getByTestId('invitation-link').inputValue()
    expect(link).toMatch(/\/#invitation=[A-Za-z0-9_-]+$/)
    // Copy link puts it on the clipboard and says so (it did so silently, or not at all, before).
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    await adminPage.getByTestId('invitation-copy').click()
    await expect.poll(() => adminPage.getByTestId('invitation-copy-status').textContent()).toBe('Copied')
    expect(await adminPage.evaluate(() => navigator.clipboard.readText())).toBe(link)
    await adminPage.getByTestId('member-list').waitFor()
    // The audit trail reads in words: who, what, and which slot by its local time; the invitation
    // just made is the newest entry, with its role.
    const trail = adminPage.getByTestId('organisation-audit')
    await expect
      .poll(() => trail.locator('li').first().textContent())
      .toMatch(/^provider-b invited someone to join as a customer \(the link works until \w+day /)
    expect(await trail.locator('li[data-action="slot.created"]').first().textContent()).toMatch(
      /^provider-[ab] created a slot on \w+day \d+ \w+ \d{4}, \d\d:\d\d/,
    )

    const newcomer = await openDevice(browser, server.url)
    contexts.push(newcomer)
    const page = await newcomer.newPage()
    await page.goto(link)
    await page.getByRole('heading', { name: 'Join Organisation B as customer' }).waitFor()
    await page.getByLabel('Your name').fill('Nina Newcomer')
    await page.getByLabel('Email').fill(`nina-${b.slug}@test.example`)
    // A password of only spaces is refused by the form itself (the server's rule, shared): nothing is
    // sent, and nobody is created.
    const accepts: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/invitations/accept')) accepts.push(request.url())
    })
    await page.getByLabel('Password (at least 8 characters)').fill('        ')
    await page.getByRole('button', { name: 'Create account' }).click()
    expect(await page.getByRole('alert').textContent()).toBe('Password must not be blank (only spaces).')
    expect(accepts).toEqual([])
    const blank = await server.db.query('SELECT 1 FROM users WHERE email = $1', [
      `nina-${b.slug}@test.example`,
    ])
    expect(blank.rows).toEqual([])
    await page.getByLabel('Password (at least 8 characters)').fill('a long enough password')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByTestId('shell').waitFor()
    expect(await page.getByTestId('organisation-name').textContent()).toBe('Organisation B')
    // The account starts in the device's zone, not UTC and not the inviter's (America/New_York).
    const { rows } = await server.db.query<{ time_zone: string }>(
      'SELECT time_zone FROM users WHERE email = $1',
      [`nina-${b.slug}@test.example`],
    )
    expect(rows).toEqual([{ time_zone: DEVICE_TIME_ZONE }])
    expect(admin.timeZone).not.toBe(DEVICE_TIME_ZONE)
    await page.goto(`/${slotWeekHash(b.seed.slots.five)}`)
    await waitForSynced(page)
    await slotCard(page, b.seed.slots.five.id).waitFor()
    // The admin's trail says who joined, with which role, through whose invitation.
    await adminPage.reload()
    await expect
      .poll(() => trail.locator('li').first().textContent(), { timeout: 15_000 })
      .toMatch(/^Nina Newcomer joined as a customer, invited by provider-b/)
  })

  /** A link to organisation B for `role`, made by B's admin over the API (the page's button is tested above). */
  async function invitationLink(role: string): Promise<string> {
    const admin = b.seed.providerB
    await addMembership(server.db, b.id, admin.id, 'admin')
    const issued = await server.api(await server.signIn(admin.email)).post('/api/organisation/invitations', {
      role,
    })
    expect(issued.status).toBe(201)
    return issued.body.url
  }

  it('someone with an account signs in from the invitation screen and joins; the switcher has the organisation', {
    timeout: 90_000,
  }, async () => {
    const link = await invitationLink('provider')
    // A provider of the default organisation only: one organisation, so no switcher yet.
    const person = server.seed.providerA
    const context = await openDevice(browser, server.url)
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(link)
    await page.getByRole('heading', { name: 'Join Organisation B as provider' }).waitFor()
    await page.getByRole('button', { name: 'I already have an account: sign in' }).click()
    // The sign-in screen says why, and keeps the invitation.
    expect(await page.getByTestId('sign-in-notice').textContent()).toBe(
      'Sign in to join Organisation B as provider.',
    )
    await page.getByTestId('sign-in-email').fill(person.email)
    await page.getByTestId('sign-in-password').fill(person.password)
    await page.getByTestId('sign-in-submit').click()
    await page.getByTestId('shell').waitFor()
    const notice = page.getByTestId('invitation-notice')
    await notice.and(page.locator('[data-state="joined"]')).waitFor()
    expect(await notice.getByRole('status').textContent()).toBe('You joined Organisation B as provider.')
    // The switcher lists the new organisation at once: no new sign-in.
    const switcher = page.getByTestId('organisation-switcher')
    expect(await switcher.locator('option').allTextContents()).toEqual([
      'Default organisation',
      'Organisation B',
    ])
    expect(new URL(page.url()).hash).not.toContain('invitation')
    const { rows } = await server.db.query<{ role: string }>(
      'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2',
      [b.id, person.id],
    )
    expect(rows).toEqual([{ role: 'provider' }])

    await page.getByTestId('invitation-switch').click()
    expect(await switcher.inputValue()).toBe(b.id)
    await page.getByTestId('nav-provider-slots').waitFor()
    expect(await notice.count()).toBe(0)
    // Still there after a reload: the session keeps the list.
    await page.reload()
    await page.getByTestId('shell').waitFor()
    expect(await page.getByTestId('organisation-switcher').inputValue()).toBe(b.id)
  })

  it('a signed-in person who opens a link is offered "Join"; the used link then says so', {
    timeout: 90_000,
  }, async () => {
    const link = await invitationLink('customer')
    const person = server.seed.customerC
    const context = await openDevice(browser, server.url)
    contexts.push(context)
    const page = await context.newPage()
    await signInThroughUi(page, person.email, person.password)
    // Pasted into the tab the app runs in: only the fragment changes.
    await page.goto(link)
    const notice = page.getByTestId('invitation-notice')
    await notice.and(page.locator('[data-state="offer"]')).waitFor()
    expect(await notice.getByRole('status').textContent()).toBe(
      'You are invited to join Organisation B as customer.',
    )
    await page.getByRole('button', { name: 'Join Organisation B' }).click()
    await notice.and(page.locator('[data-state="joined"]')).waitFor()
    expect(await notice.getByRole('status').textContent()).toBe('You joined Organisation B as customer.')
    expect(await page.getByTestId('organisation-switcher').locator('option').allTextContents()).toContain(
      'Organisation B',
    )
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    expect(await notice.count()).toBe(0)

    // The link again, in a new tab: refused in the server's words, nothing offered.
    const again = await context.newPage()
    await again.goto(link)
    await again.getByTestId('shell').waitFor()
    const refusedNotice = again.getByTestId('invitation-notice')
    await refusedNotice.and(again.locator('[data-state="refused"]')).waitFor()
    expect(await refusedNotice.getByRole('status').textContent()).toBe(
      'This invitation link has already been used.',
    )
    expect(await again.getByRole('button', { name: 'Join Organisation B' }).count()).toBe(0)
  })

  it('a damaged good link still opens; a used, expired, unknown or garbage link says so, with no form', {
    timeout: 90_000,
  }, async () => {
    const used = await invitationLink('customer')
    const usedToken = new URL(used).hash.replace('#invitation=', '')
    const redeemed = await server
      .api(await server.signIn(server.seed.customerB.email))
      .post('/api/invitations/redeem', { token: usedToken })
    expect(redeemed.status).toBe(201)
    const expired = await invitationLink('customer')
    const expiredHash = createHash('sha256')
      .update(new URL(expired).hash.replace('#invitation=', ''))
      .digest('hex')
    await server.db.query(
      "UPDATE invitations SET expires_at = now() - interval '1 day' WHERE token_hash = $1",
      [expiredHash],
    )
    const unknown = `${server.url}/#invitation=${'x'.repeat(43)}`
    const context = await openDevice(browser, server.url)
    contexts.push(context)
    const page = await context.newPage()
    // A good link pasted with a trailing ".", ")" or space still opens the sign-up form.
    const good = await invitationLink('customer')
    for (const damaged of [`${good}.`, `${good})`, `${good}%20`]) {
      await page.goto(damaged)
      await page.reload()
      await page.getByRole('heading', { name: 'Join Organisation B as customer' }).waitFor()
    }
    const cases: [string, string][] = [
      [used, 'This invitation link has already been used.'],
      [expired, 'This invitation link has expired; ask for a new one.'],
      [unknown, 'This invitation link is not valid.'],
      // A fragment naming an invitation but holding no token: dead at once, not the plain sign-in.
      [`${server.url}/#invitation=garbage`, 'This invitation link is not valid.'],
    ]
    for (const [link, message] of cases) {
      await page.goto(link)
      await page.reload()
      const screen = page.getByTestId('invitation-dead')
      await screen.waitFor()
      expect(await screen.getByRole('alert').textContent()).toBe(message)
      expect(await screen.textContent()).toContain('Ask the organisation’s admin for a new invitation link.')
      // Nothing to fill in that could never work.
      expect(await page.getByLabel('Your name').count()).toBe(0)
      expect(await page.getByRole('button', { name: 'Create account' }).count()).toBe(0)
    }
    // "Sign in" leads to the ordinary sign-in screen, the dead link gone from the address bar.
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page
      .getByRole('button', { name: /^Sign in/ })
      .first()
      .waitFor()
    expect(new URL(page.url()).hash).toBe('')
  })

  it('a new organisation: a wrong short name is said in words, a taken one next to the field, typing kept', {
    timeout: 90_000,
  }, async () => {
    const admin = b.seed.providerB
    const page = await adminOnOrganisationPage(admin)
    const form = page.getByRole('region', { name: 'New organisation' })
    const slug = form.getByLabel(/^Short name/)
    const problem = form.getByRole('alert')
    const focused = () => slug.evaluate((input) => input === document.activeElement)
    const posts: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/organisations')) posts.push(r.url())
    })

    await form.getByLabel('Name', { exact: true }).fill('Second clinic')
    // Capitals and spaces: said as they are typed, in words, and nothing is sent.
    await slug.fill('Second Clinic')
    await expect
      .poll(() => problem.allTextContents())
      .toEqual(['Use only lower-case letters (a–z), digits and dashes: no capitals, spaces or other signs.'])
    expect(await slug.getAttribute('aria-invalid')).toBe('true')
    await form.getByRole('button', { name: 'Create organisation' }).click()
    expect(await focused()).toBe(true)
    expect(posts).toEqual([])

    // Taken: the server's 409 is said at the field, on screen (the form is below the long audit trail).
    await slug.fill(b.slug)
    expect(await problem.count()).toBe(0)
    await form.getByRole('button', { name: 'Create organisation' }).click()
    await expect.poll(() => problem.allTextContents()).toEqual(['That short name is taken.'])
    expect(posts).toHaveLength(1)
    expect(await slug.getAttribute('aria-describedby')).toBe(await problem.getAttribute('id'))
    await expect
      .poll(() =>
        problem.evaluate((note) => {
          const box = note.getBoundingClientRect()
          return box.top >= 0 && box.bottom <= window.innerHeight
        }),
      )
      .toBe(true)
    expect(await focused()).toBe(true)
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Second clinic')
    expect(await slug.inputValue()).toBe(b.slug)
    // Nothing said at the top of the page, off-screen.
    expect(await page.locator('.page > [role="alert"]').count()).toBe(0)

    // Typing again takes the refusal away; a free short name is created.
    await slug.fill(`${b.slug}-two`)
    expect(await problem.count()).toBe(0)
    await form.getByRole('button', { name: 'Create organisation' }).click()
    await form.getByRole('status').filter({ hasText: 'Second clinic was created' }).waitFor()
    // Reachable at once: the switcher lists it without a new sign-in, and the form offers to switch.
    const switcher = page.getByTestId('organisation-switcher')
    expect(await switcher.locator('option').allTextContents()).toContain('Second clinic')
    await form.getByRole('button', { name: 'Switch to Second clinic' }).click()
    await expect.poll(() => page.getByTestId('organisation-current').textContent()).toBe('Second clinic')
    const { rows } = await server.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [
      `${b.slug}-two`,
    ])
    expect(await page.getByTestId('organisation-switcher').inputValue()).toBe(rows[0]?.id)
    // The new organisation is the admin's: its organisation page opens there, with nobody else yet.
    await page.getByTestId('member-list').waitFor()
    // In it now: the form is empty again, with nothing left offering to switch, and the page is read
    // from its top (the button pressed is gone).
    await expect.poll(() => form.getByLabel('Name', { exact: true }).inputValue()).toBe('')
    expect(await slug.inputValue()).toBe('')
    expect(await form.getByRole('status').count()).toBe(0)
    expect(await form.getByRole('button', { name: /^Switch to/ }).count()).toBe(0)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('organisation-title')
  })

  it('a double click on "Create organisation" creates it once, and says nothing against it', {
    timeout: 90_000,
  }, async () => {
    const admin = b.seed.providerA
    const page = await adminOnOrganisationPage(admin)
    const form = page.getByRole('region', { name: 'New organisation' })
    const posts: string[] = []
    const answered: string[] = []
    const creates = (r: { method(): string; url(): string }) =>
      r.method() === 'POST' && r.url().endsWith('/api/organisations')
    page.on('request', (r) => creates(r) && posts.push(r.url()))
    page.on('requestfinished', (r) => creates(r) && answered.push(r.url()))

    await form.getByLabel('Name', { exact: true }).fill('Double click clinic')
    await form.getByLabel(/^Short name/).fill(`${b.slug}-double`)
    await form.getByRole('button', { name: 'Create organisation' }).dblclick()
    await form.getByRole('status').filter({ hasText: 'Double click clinic was created' }).waitFor()
    await expect.poll(() => answered.length).toBe(posts.length)
    expect(posts).toHaveLength(1)
    // No "That short name is taken." from a second request: the organisation is the one just made.
    expect(await form.getByRole('alert').count()).toBe(0)
  })

  it('an organisation joined elsewhere since sign-in reaches the switcher on the next start', {
    timeout: 90_000,
  }, async () => {
    const user = b.seed.customerB
    const context = await openDevice(browser, server.url)
    contexts.push(context)
    const page = await context.newPage()
    await signInThroughUi(page, user.email, user.password)
    expect(await page.getByTestId('organisation-name').textContent()).toBe('Organisation B')
    // Added on the server (another device redeemed a link, an admin created one): no new sign-in.
    await addMembership(server.db, DEFAULT_ORGANISATION_ID, user.id, 'customer')
    await page.reload()
    await page.getByTestId('organisation-switcher').waitFor()
    expect(await page.getByTestId('organisation-switcher').locator('option').allTextContents()).toEqual([
      'Organisation B',
      'Default organisation',
    ])
  })
})
