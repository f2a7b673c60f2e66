/**
 * Figure 1c (browser part): in real Chromium, from pressing "Sign in" on a fresh device to the
 * customer week view showing every slot of a full week, with `totalSlots` slots in the database, and
 * to the device's offline copy stored: the slots of its bookable horizon (SLOT_HORIZON_DAYS, issue 13;
 * server/replication/slotHorizon.ts), not all of them. Timed inside the page, so no driver round trip
 * is counted.
 */
import { cpSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { addDays, format } from 'date-fns'
import type { Page } from 'playwright-core'
import type { Queryable } from '../../server/db/database.js'
import { slotHorizonEnd } from '../../server/replication/slotHorizon.js'
import { slotWeekHash } from '../helpers/appDriver.js'
import { launchBrowser, openDevice } from '../helpers/browser.js'
import { startE2eServer } from '../helpers/e2eServer.js'
import { type Spread, spread } from './stats.js'

const START_TIMES = Array.from(
  { length: 24 },
  (_, i) => `${String(6 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
)
/** Days per recurring request: 200 × 24 = 4,800 slots, under the server's 5,000 per request. */
const DAYS_PER_REQUEST = 200
const RENDER_TIMEOUT_MS = 120_000

export interface WeekRenderFigures {
  slots: number
  cardsInWeek: number
  seconds: Spread
  /**
   * From the same click until the device's offline copy is stored in its IndexedDB (issue 13, goal 2):
   * the `storedSlots` slots of its horizon (`horizonDays`; 0 = every slot). Runs before the horizon
   * (no `storedSlots`) stored every slot.
   */
  storedSeconds?: Spread
  storedSlots?: number
  horizonDays?: number
  /** Per run, with `timeline`: what the page did from the click on (offlineCopyRun.ts prints it). */
  timelines?: PageTimeline[]
}

/** The page's requests and long tasks, in ms from the click ("Sign in" pressed). */
export interface PageTimeline {
  requests: { url: string; start: number; end: number; bytes: number }[]
  longTasks: { start: number; ms: number }[]
  weekMs: number
  storedMs: number
  /** performance.now() at the click. */
  clickedAt: number
  /** The page's console lines starting with "[trace]" (temporary instrumentation). */
  traces?: string[]
}

export interface WeekRenderOptions {
  /** Collect each run's requests and long tasks (PageTimeline). */
  timeline?: boolean
  /** Write a CPU profile of each run's page into this directory. */
  profileDir?: string
  /**
   * Client builds to compare: run i serves builds[i % length] (copied over the served directory), so
   * the runs of two builds interleave on the same server and data.
   */
  builds?: readonly string[]
}

export async function measureWeekRender(
  totalSlots: number,
  repeats: number,
  options: WeekRenderOptions = {},
): Promise<WeekRenderFigures> {
  const server = await startE2eServer(options.builds ? { alsoServe: options.builds } : {})
  const browser = await launchBrowser()
  try {
    const { seed } = server
    const provider = server.api(await server.signIn(seed.providerA.email))
    const firstDay = addDays(new Date(), 1)
    const days = Math.ceil(totalSlots / START_TIMES.length)
    let created = 0
    let shown: { id: string; startTime: string } | undefined
    for (let day = 0; day < days; day += DAYS_PER_REQUEST) {
      const res = await provider.post('/api/slots/recurring', {
        serviceId: seed.serviceA.id,
        fromDate: format(addDays(firstDay, day), 'yyyy-MM-dd'),
        toDate: format(addDays(firstDay, Math.min(day + DAYS_PER_REQUEST, days) - 1), 'yyyy-MM-dd'),
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTimes: START_TIMES,
        durationMinutes: 30,
        maxBookings: 5,
      })
      if (res.status !== 201) throw new Error(`recurring slots: ${res.status} ${JSON.stringify(res.body)}`)
      created += res.body.created
      // A slot two weeks out: its week lies wholly inside the pattern.
      shown ??= res.body.slots[14 * START_TIMES.length]
    }
    if (!shown) throw new Error('no slot to show')
    const horizonDays = server.config.SLOT_HORIZON_DAYS
    const storedSlots = await slotsInHorizon(server.db, horizonDays)
    const cardsInWeek = 7 * START_TIMES.length
    const runs: number[] = []
    const storedRuns: number[] = []
    const timelines: PageTimeline[] = []
    for (let run = 0; run < repeats; run++) {
      const build = options.builds?.[run % options.builds.length]
      if (build) cpSync(build, server.clientDir, { recursive: true })
      const context = await openDevice(browser, server.url)
      try {
        const page = await context.newPage()
        // tsx compiles the functions handed to page.evaluate with esbuild's keepNames, whose __name
        // helper the page does not have: an identity stand-in.
        await page.addInitScript({ content: 'globalThis.__name = (f) => f' })
        await page.goto(`/${slotWeekHash(shown)}`)
        await page.getByTestId('sign-in-email').fill(seed.customerA.email)
        await page.getByTestId('sign-in-password').fill(seed.password)
        const traces: string[] = []
        if (options.timeline)
          page.on('console', (m) => m.text().startsWith('[trace]') && traces.push(m.text()))
        const profiler = options.profileDir ? await startProfiler(page) : null
        const timings = await signInToRenderedWeek(page, cardsInWeek, storedSlots)
        if (profiler && options.profileDir)
          await profiler.stop(`${options.profileDir}/run${run + 1}.cpuprofile`)
        runs.push(timings.weekMs / 1000)
        storedRuns.push(timings.storedMs / 1000)
        if (options.timeline) timelines.push({ ...timings, traces })
      } finally {
        await context.close()
      }
    }
    return {
      slots: created,
      cardsInWeek,
      seconds: spread(runs),
      storedSeconds: spread(storedRuns),
      storedSlots,
      horizonDays,
      ...(options.timeline ? { timelines } : {}),
    }
  } finally {
    await browser.close()
    await server.close()
  }
}

/** Chromium's sampling CPU profiler on the page (DevTools protocol), written as a .cpuprofile. */
async function startProfiler(page: Page) {
  const session = await page.context().newCDPSession(page)
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: 200 })
  await session.send('Profiler.start')
  return {
    async stop(file: string) {
      const { profile } = await session.send('Profiler.stop')
      await writeFile(file, JSON.stringify(profile))
      await session.detach()
    },
  }
}

/**
 * The slots a new customer's device stores: every live slot starting before the horizon's end (the
 * customer has no bookings; the fixtures' slots are in the same organisation).
 */
async function slotsInHorizon(db: Queryable, horizonDays: number): Promise<number> {
  const end = slotHorizonEnd(new Date(), horizonDays)
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM slots WHERE NOT deleted AND ($1::timestamptz IS NULL OR start_time < $1)',
    [end?.toISOString() ?? null],
  )
  return rows[0]?.n ?? 0
}

/**
 * Clicks "Sign in" from inside the page and resolves with the ms until `cards` slot cards are on
 * screen, and until `slots` slot documents are stored in IndexedDB (RxDB's Dexie table of the slots
 * collection, counted every 50 ms once the week is shown), with the page's requests and long tasks.
 */
function signInToRenderedWeek(page: Page, cards: number, slots: number): Promise<PageTimeline> {
  return page.evaluate(
    ({ cards, slots, timeoutMs }) =>
      new Promise<PageTimeline>((resolve, reject) => {
        const started = performance.now()
        let weekMs = 0
        const longTasks: PageTimeline['longTasks'] = []
        const tasks = new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            longTasks.push({ start: entry.startTime - started, ms: entry.duration })
        })
        tasks.observe({ type: 'longtask' })
        const requests = (): PageTimeline['requests'] =>
          (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
            .filter((entry) => entry.startTime >= started)
            .map((entry) => ({
              url: entry.name.replace(location.origin, ''),
              start: entry.startTime - started,
              end: entry.responseEnd - started,
              bytes: entry.encodedBodySize,
            }))
        const timer = setTimeout(() => {
          observer.disconnect()
          reject(new Error(`week not rendered and stored within ${timeoutMs} ms`))
        }, timeoutMs)
        const countStored = async (): Promise<number> => {
          const names = (await indexedDB.databases()).map((d) => d.name ?? '')
          const name = names.find((n) => n.startsWith('rxdb-dexie-') && n.endsWith('--slots'))
          if (!name) return 0
          const db = await new Promise<IDBDatabase>((ok, fail) => {
            const open = indexedDB.open(name)
            open.onsuccess = () => ok(open.result)
            open.onerror = () => fail(open.error)
          })
          try {
            if (!db.objectStoreNames.contains('docs')) return 0
            return await new Promise<number>((ok, fail) => {
              const count = db.transaction('docs').objectStore('docs').count()
              count.onsuccess = () => ok(count.result)
              count.onerror = () => fail(count.error)
            })
          } finally {
            db.close()
          }
        }
        const poll = () => {
          countStored().then(
            (n) => {
              if (n >= slots) {
                clearTimeout(timer)
                tasks.disconnect()
                resolve({
                  weekMs,
                  storedMs: performance.now() - started,
                  requests: requests(),
                  longTasks,
                  clickedAt: started,
                })
              } else setTimeout(poll, 50)
            },
            (error) => reject(error),
          )
        }
        const observer = new MutationObserver(() => {
          if (document.querySelectorAll('[data-testid="slot-card"]').length < cards) return
          observer.disconnect()
          weekMs = performance.now() - started
          poll()
        })
        observer.observe(document.body, { subtree: true, childList: true })
        ;(document.querySelector('[data-testid="sign-in-submit"]') as HTMLButtonElement).click()
      }),
    { cards, slots, timeoutMs: RENDER_TIMEOUT_MS },
  )
}
