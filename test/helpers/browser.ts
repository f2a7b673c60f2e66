/**
 * Real Chromium for the e2e tests and the UI benchmarks: playwright-core drives Debian's chromium
 * (no browser download). Each test opens fresh contexts, one context per simulated device.
 */
import { type Browser, type BrowserContext, chromium } from 'playwright-core'
import { chromiumPath } from './browserGate.js'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export async function launchBrowser(): Promise<Browser> {
  // Lets context.route see a service worker's own fetches (used to take a device fully offline).
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1'
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
}

export interface DeviceOptions {
  /** Viewport width in CSS pixels; defaults to a laptop. */
  width?: number
  height?: number
  timeZoneId?: string
}

/** A new, isolated browser context: its own IndexedDB, cookies and service workers, like a second device. */
export async function openDevice(
  browser: Browser,
  baseURL: string,
  options: DeviceOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    timezoneId: options.timeZoneId ?? 'Europe/Berlin',
    locale: 'en-GB',
    serviceWorkers: 'allow',
  })
  context.setDefaultTimeout(15_000)
  return context
}
