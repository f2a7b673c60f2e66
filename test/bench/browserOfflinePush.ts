/**
 * Figure 1c's offline push in real Chromium (issue 13, goal 3): a customer's device books N slots
 * offline, comes back online; the time from the page's 'online' event until every booking is pushed,
 * answered and stored on the device. The device is the web app's own data layer running in the page
 * on the browser's IndexedDB (test/bench/browserDevice/pushDevice.ts, bundled here with esbuild), against
 * the server as a child process on PostgreSQL, as the Node figure (deviceReplication.ts) uses it.
 *
 * Why Chromium and not only the Node device: in Node the device stores into fake-indexeddb, whose
 * cursor starts every continue() from the start of its key range (FDBCursor._iterate), so RxDB's
 * "changed documents since" query over N local writes costs O(N^2): a CPU profile of the Node device's
 * push puts 63 % of its time in fake-indexeddb. Browsers' IndexedDB does not do that; users push from
 * a browser.
 *
 *   npx tsx test/bench/browserOfflinePush.ts [bookings] [runs]
 */
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { Page } from 'playwright-core'
import { setDeviceOffline } from '../helpers/appDriver.js'
import { launchBrowser, openDevice } from '../helpers/browser.js'
import { startCrashableServer } from '../helpers/crashableServer.js'
import { insertSlots } from './benchFixtures.js'
import { benchId } from './benchIds.js'
import type { PushDevice } from './browserDevice/pushDevice.js'
import { type Spread, spread } from './stats.js'

export interface BrowserPushFigures {
  bookings: number
  seconds: Spread
  bookingsPerSecond: Spread
  browser: string
}

const DEVICE_ENTRY = fileURLToPath(new URL('./browserDevice/pushDevice.ts', import.meta.url))
/** The browser build's replacement for the `unload` package (vite.config.ts does the same). */
const PAGEHIDE_UNLOAD = fileURLToPath(new URL('../../client/offline/pagehideUnload.ts', import.meta.url))
const PAGE_PATH = '/bench/push-device'
const STEP_TIMEOUT_MS = 180_000

/**
 * The device script as one browser bundle, built as the app's production build would (no dev mode);
 * `minify: false` keeps function names readable in a CPU profile (browserDevice/pushTrace.ts).
 */
export async function deviceBundle({ minify = true }: { minify?: boolean } = {}): Promise<string> {
  const result = await build({
    entryPoints: [DEVICE_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    write: false,
    alias: { unload: PAGEHIDE_UNLOAD },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  })
  const code = result.outputFiles[0]?.text
  if (!code) throw new Error('esbuild produced no bundle for the push device')
  return code
}

/** A page at the server's origin (same-origin API calls, as the app makes them) running the device. */
export async function devicePage(page: Page, origin: string, bundle: string): Promise<void> {
  await page.route(`${origin}${PAGE_PATH}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html><head><meta charset="utf-8"><title>push device</title></head><body></body></html>',
    }),
  )
  await page.goto(`${origin}${PAGE_PATH}`)
  await page.addScriptTag({ content: bundle })
}

export async function measureBrowserOfflinePush(bookings: number, runs: number): Promise<BrowserPushFigures> {
  const target = await startCrashableServer()
  const browser = await launchBrowser()
  try {
    const { seed } = target
    await target.inspect((db) =>
      insertSlots(db, {
        providerId: seed.providerA.id,
        serviceId: seed.serviceA.id,
        first: 1,
        count: bookings,
      }),
    )
    const slotIds = Array.from({ length: bookings }, (_, i) => benchId('slot', i + 1))
    const bundle = await deviceBundle()
    const seconds: number[] = []
    for (let run = 0; run < runs; run++) {
      const customer = await seed.createCustomer(`browser-offline-${run}`)
      const context = await openDevice(browser, target.server.url)
      context.setDefaultTimeout(STEP_TIMEOUT_MS)
      try {
        const page = await context.newPage()
        await devicePage(page, target.server.url, bundle)
        const device = (page: Page) => page.evaluateHandle(() => window.pushDevice as PushDevice)
        await (await device(page)).evaluate((d, user) => d.open(user.email, user.password), customer)
        await setDeviceOffline(context, true)
        await (await device(page)).evaluate((d, ids) => d.book(ids), slotIds)
        const timed = (await device(page)).evaluate((d) => d.timeNextReconnect())
        await setDeviceOffline(context, false)
        seconds.push((await timed) / 1000)
        await (await device(page)).evaluate((d) => d.close())
      } finally {
        await context.close()
      }
      const stored = await target.inspect((db) =>
        db.query<{ n: string }>(
          "SELECT count(*) AS n FROM bookings WHERE customer_id = $1 AND status IN ('PENDING', 'CONFIRMED')",
          [customer.id],
        ),
      )
      if (Number(stored.rows[0]?.n) !== bookings)
        throw new Error(`Chromium offline push stored ${stored.rows[0]?.n} of ${bookings} bookings`)
    }
    return {
      bookings,
      seconds: spread(seconds),
      bookingsPerSecond: spread(seconds.map((s) => bookings / s)),
      browser: `Chromium ${browser.version()}`,
    }
  } finally {
    await browser.close()
    await target.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  const figures = await measureBrowserOfflinePush(
    Number(process.argv[2] ?? 1000),
    Number(process.argv[3] ?? 3),
  )
  console.log(JSON.stringify(figures, null, 1))
  process.exit(0)
}
