/**
 * The Content-Security-Policy the server sends is one the client actually works under: in real
 * Chromium, signing in, booking, the provider's views, the service worker and the API docs
 * (swagger-ui at /docs) run without a single CSP violation (reported in the console and as
 * `securitypolicyviolation` events). A deliberate inline script at the end proves the watch works.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  bookSlot,
  openMyBookings,
  providerWeekHash,
  signInThroughUi,
  slotWeekHash,
  waitForBookingStatus,
  waitForOfflineReady,
  waitForRemaining,
  waitForSynced,
} from '../helpers/appDriver.js'
import { type BrowserSuite, browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

const TEST_MS = 90_000

interface Watched {
  context: BrowserContext
  page: Page
  /** Console messages and violation events that name the Content-Security-Policy. */
  violations(): Promise<string[]>
}

/** A device whose CSP violations are collected from the console and from violation events. */
async function watchedDevice(suite: BrowserSuite): Promise<Watched> {
  const context = await suite.open()
  await context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile})`)
    })
  })
  const page = await context.newPage()
  const fromConsole: string[] = []
  page.on('console', (message) => {
    const text = message.text()
    if (/content security policy|content-security-policy/i.test(text)) fromConsole.push(text)
  })
  page.on('pageerror', (error) => {
    if (/content security policy/i.test(error.message)) fromConsole.push(error.message)
  })
  return {
    context,
    page,
    async violations() {
      const fromEvents = await page
        .evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [])
        .catch(() => [])
      return [...fromConsole, ...fromEvents]
    },
  }
}

describeInBrowser('Content-Security-Policy in Chromium', () => {
  const suite = browserSuite({ demo: true })

  it('the app signs in, books, works offline-ready and shows the provider views with no CSP violation', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 3, hoursFromNow: 5 })
    const customer = await watchedDevice(suite)
    const page = customer.page

    const first = await page.goto('/')
    expect(first?.headers()['content-security-policy']).toContain("default-src 'self'")
    // The sign-in screen offers the demo accounts (fetched from /api/demo-credentials).
    await page.getByTestId('sign-in-email').waitFor()
    await signInThroughUi(page, seed.customerA.email, seed.customerA.password, slotWeekHash(slot))
    await waitForSynced(page)
    await waitForRemaining(page, slot.id, 3)
    await bookSlot(page, slot.id, 'Under a strict CSP')
    await waitForRemaining(page, slot.id, 2)
    await waitForSynced(page)
    await openMyBookings(page)
    await waitForBookingStatus(page, slot.id, 'CONFIRMED', 20_000)
    await waitForOfflineReady(page) // the service worker registered and controls the page
    expect(await customer.violations()).toEqual([])

    const provider = await watchedDevice(suite)
    await signInThroughUi(
      provider.page,
      seed.providerB.email,
      seed.providerB.password,
      providerWeekHash(slot),
    )
    await waitForSynced(provider.page)
    await provider.page.locator(`[data-slot-id="${slot.id}"]`).first().waitFor()
    expect(await provider.violations()).toEqual([])
  })

  it('the API docs (swagger-ui) render with no CSP violation, and a violation would be seen', {
    timeout: TEST_MS,
  }, async () => {
    const docs = await watchedDevice(suite)
    const response = await docs.page.goto('/docs')
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'")
    await docs.page.locator('.swagger-ui .opblock').first().waitFor()
    await docs.page.locator('.swagger-ui .info .title').waitFor()
    expect(await docs.violations()).toEqual([])

    // The control: an inline script is refused under this policy, and the watch reports it.
    await docs.page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.inlineRan = true'
      document.body.append(script)
    })
    await expect.poll(() => docs.violations()).not.toEqual([])
    expect(
      await docs.page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan),
    ).toBeUndefined()
  })
})
