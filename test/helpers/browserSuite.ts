/**
 * Suites that need real Chromium. `describeInBrowser` is skipped (with the one line printed by
 * test/setup/browserCheck.ts) when this machine has none; `browserSuite()`, called inside it, starts
 * the app's server and Chromium before the suite and closes every device, the browser and the server
 * after it. Its hooks live inside the suite, so a skipped suite neither builds the client nor starts
 * a server.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, inject } from 'vitest'
import { signInThroughUi, waitForSynced } from './appDriver.js'
import { type DeviceOptions, launchBrowser, openDevice } from './browser.js'
import { type E2eServer, type E2eServerOptions, startE2eServer } from './e2eServer.js'

export const describeInBrowser = describe.skipIf(!inject('browserAvailable'))

/** Where the e2e tests leave their screenshots (test/e2e/screenshots). */
export const SCREENSHOTS = join(import.meta.dirname, '..', 'e2e', 'screenshots')

export interface BrowserSuiteOptions extends E2eServerOptions {
  /** More set-up once the server runs (history rows, …), inside the same beforeAll. */
  prepare?: (server: E2eServer) => Promise<void>
}

export interface SignedInDevice {
  context: BrowserContext
  page: Page
}

export interface BrowserSuite {
  readonly server: E2eServer
  readonly browser: Browser
  /** A new device (its own IndexedDB, service worker, cookies), closed after the suite. */
  open(options?: DeviceOptions): Promise<BrowserContext>
  /** A new device with `user` signed in through the UI, showing `hash`, synced. */
  device(
    user: { email: string; password: string },
    hash?: string,
    options?: DeviceOptions,
  ): Promise<SignedInDevice>
  /** Saves a screenshot as test/e2e/screenshots/<name>.png (the whole page from its top when `fullPage`). */
  screenshot(page: Page, name: string, fullPage?: boolean): Promise<void>
}

export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const { prepare, ...serverOptions } = options
  let server: E2eServer | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`the browser suite's ${what} is not running (used outside its tests?)`)
    return value
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    ;[server, browser] = await Promise.all([startE2eServer(serverOptions), launchBrowser()])
    await prepare?.(server)
  }, 180_000)

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})))
    await browser?.close()
    await server?.close()
  })

  const suite: BrowserSuite = {
    get server() {
      return started(server, 'server')
    },
    get browser() {
      return started(browser, 'browser')
    },
    async open(deviceOptions) {
      const context = await openDevice(suite.browser, suite.server.url, deviceOptions)
      contexts.push(context)
      return context
    },
    async device(user, hash = '', deviceOptions) {
      const context = await suite.open(deviceOptions)
      const page = await context.newPage()
      await signInThroughUi(page, user.email, user.password, hash)
      await waitForSynced(page)
      return { context, page }
    },
    async screenshot(page, name, fullPage = false) {
      if (fullPage) await page.evaluate(() => window.scrollTo(0, 0)) // else the sticky header lands mid-page
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage })
    },
  }
  return suite
}
