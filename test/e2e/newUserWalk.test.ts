/**
 * A new user's first steps in real Chromium, as a browser walk found them. Sign-in and sign-up:
 * after a wrong password focus fell to the page (the button is disabled while waiting), the email
 * field was not focused on load, and an old error stood under a later check of the browser's own; on
 * sign-up one sentence for every field ("Name is required. Email is invalid: invalid email address.")
 * stayed after the name was fixed. A note pasted with Word's invisible vertical tab blocked the booking.
 * On a phone the demo accounts' "demo-password" broke across two lines; on a desktop the organisation
 * switcher wrapped to two lines and the account cut "Dev Customer (both organisations)" to "Dev Customer…".
 */
import { expect, it } from 'vitest'
import { customerInvitationUrl } from '../helpers/e2eServer.js'
import { bookSlot, slotWeekHash, waitForSynced } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 90_000

describeInBrowser("a new user's first steps in Chromium", () => {
  // The demo data set: its accounts on the sign-in card, and its user of two organisations.
  const suite = browserSuite({ demo: true })
  const focused = (page: import('playwright-core').Page) =>
    page.evaluate(
      () => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName,
    )

  it('sign-in: the email field is ready, a wrong password leaves focus on the password, an edit clears the error', {
    timeout: TEST_MS,
  }, async () => {
    const page = await (await suite.open()).newPage()
    await page.goto('/')
    await page.getByTestId('sign-in-email').waitFor()
    await expect.poll(() => focused(page)).toBe('sign-in-email')
    await page.keyboard.type(suite.server.seed.customerA.email)
    await page.getByTestId('sign-in-password').fill('not the password')
    await page.keyboard.press('Enter')
    const alert = page.getByRole('alert')
    await expect.poll(() => alert.textContent()).toBe('Email or password is wrong.')
    await expect.poll(() => focused(page)).toBe('sign-in-password')
    // Emptied and sent again: the browser's own "fill in" check, without the old answer under it.
    await page.getByTestId('sign-in-email').fill('')
    await page.getByTestId('sign-in-submit').click()
    expect(await alert.count()).toBe(0)
  })

  it('sign-up: each field says its own problem in plain words and loses it once fixed', {
    timeout: TEST_MS,
  }, async () => {
    const invitationUrl = await customerInvitationUrl(suite.server)
    const page = await (await suite.open()).newPage()
    await page.goto(invitationUrl)
    const name = page.getByLabel('Your name')
    const email = page.getByLabel('Email')
    await name.fill('   ')
    await email.fill('x@y.z') // the browser lets it through; the server does not
    await page.getByLabel(/^Password/).fill('a long enough password')
    await page.getByRole('button', { name: 'Create account' }).click()
    const alerts = () => page.getByRole('alert').allTextContents()
    await expect.poll(alerts).toEqual(['Enter your name.'])
    await name.fill('Nina Newcomer')
    expect(await alerts()).toEqual([])
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect.poll(alerts).toEqual(['Enter a valid email address.'])
    expect(await email.getAttribute('aria-invalid')).toBe('true')
    // Emptied, the browser's own check stops the next attempt: the old words must not stay.
    await email.fill('')
    await page.getByRole('button', { name: 'Create account' }).click()
    expect(await alerts()).toEqual([])
    await email.fill('nina-newcomer@test.example')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByTestId('shell').waitFor()
  })

  it('a note pasted with an invisible vertical tab is booked as seen', { timeout: TEST_MS }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ maxBookings: 2, hoursFromNow: 26 })
    const { page } = await suite.device(seed.customerA, slotWeekHash(slot))
    await bookSlot(page, slot.id, 'Knee\u000bbrace')
    await waitForSynced(page)
    const mine = await suite.server
      .api(await suite.server.signIn(seed.customerA.email))
      .get(`/api/bookings?slotId=${slot.id}`)
    expect(mine.body.map((b: { notes: string }) => b.notes)).toEqual(['Knee brace'])
  })
  it('layout: the demo password keeps to one line on a phone; the desktop header shows both names whole', {
    timeout: TEST_MS,
  }, async () => {
    const phone = await (await suite.open({ width: 390, height: 844 })).newPage()
    await phone.goto('/')
    const password = phone.getByTestId('demo-credentials').locator('code').first()
    await password.waitFor()
    expect(await password.textContent()).toBe('demo-password')
    expect(await password.evaluate((code) => code.getClientRects().length)).toBe(1)

    const { page } = await suite.device({ email: 'dev@demo.test', password: 'demo-password' })
    const current = page.getByTestId('organisation-current')
    const name = page.locator('.account__name')
    const whole = (el: Element) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight
    expect(await name.textContent()).toBe('Dev Customer (both organisations)')
    expect(await name.evaluate(whole)).toBe(true)
    expect(await current.evaluate(whole)).toBe(true)
    // One line: no taller than its line height.
    expect(
      await current.evaluate(
        (el) => el.getBoundingClientRect().height <= 1.5 * Number.parseFloat(getComputedStyle(el).lineHeight),
      ),
    ).toBe(true)
    // And the header's first row stays one row.
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? -1
    expect(Math.abs((await top('.account')) - (await top('.brand')))).toBeLessThan(20)
  })
})
