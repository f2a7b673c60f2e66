/**
 * Lighthouse scores of the production build, as `npm start` serves it: the sign-in page and the
 * signed-in customer week, on mobile and desktop, the median of 3 runs each. Writes
 * lighthouse-results.json and prints a table. Needs Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 *
 *   npm run lighthouse            # builds, starts a server on a free port with the demo data, measures
 *   LIGHTHOUSE_URL=http://127.0.0.1:3000 npm run lighthouse   # measures a server already running
 *
 * The signed-in week is measured in a page that signed in first (Lighthouse keeps its storage), the
 * same idea as a Lighthouse user flow.
 *
 * To look into one case (results are then printed, not written to lighthouse-results.json):
 *   LIGHTHOUSE_ONLY=week/mobile LIGHTHOUSE_REPORTS=/tmp/lh npm run lighthouse
 * LIGHTHOUSE_REPORTS keeps each run's full report (JSON, open it in the Lighthouse viewer) in that folder.
 *
 * Each run also records how busy the machine was (Lighthouse's benchmark index, the load average) and
 * the blocking time recomputed from the trace's wall and CPU time (scripts/blockingTime.ts): a big
 * gap between the two means the other processes on the machine, not the page, cost the points.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import lighthouse, { type Config, type Flags } from 'lighthouse'
import desktopConfig from 'lighthouse/core/config/desktop-config.js'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { CHROMIUM_ARGS } from '../test/helpers/browser.js'
import { type BlockingTimeEstimate, estimateBlockingTime } from './blockingTime.js'
import { chromiumPath } from '../test/helpers/browserGate.js'

const ROOT = resolve(import.meta.dirname, '..')
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3)
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const DEMO = { email: 'carla@demo.test', password: 'demo-password' }
/** `target/formFactor` to measure only that case (e.g. `week/mobile`). */
const ONLY = process.env.LIGHTHOUSE_ONLY
const REPORTS = process.env.LIGHTHOUSE_REPORTS
/** The metrics behind the performance score, to compare runs on a loaded machine. */
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
] as const

type Scores = Record<(typeof CATEGORIES)[number], number>
interface Run {
  scores: Scores
  /** Audits that cost points, to say why a score is below 100. */
  failing: string[]
  /** The performance metrics as Lighthouse shows them (e.g. "1.2 s"). */
  metrics: Record<(typeof METRICS)[number], string>
  /** Why Lighthouse could not score the run (e.g. NO_FCP), when it could not. */
  runtimeError?: string
  /**
   * How busy the machine was: Lighthouse's own CPU benchmark at the start of the run (lower =
   * slower or busier; it varied 650-1,900 between runs on the shared 2-core machine) and the 1-minute
   * load average before and after. Simulated throttling multiplies the observed task durations by 4,
   * so a task stretched by other processes counts as blocking time: read scores with these.
   */
  machine: { benchmarkIndex: number | null; loadAverage: [number, number] }
  /** Blocking time from the trace's wall and CPU time (scripts/blockingTime.ts): load or code? */
  blockingTime: BlockingTimeEstimate | null
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      )
    })
  })
}

/** `npm start` (build, then the server) on a free port over a fresh PGlite directory with the demo data. */
async function startProductionServer(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'uniservice-lighthouse-'))
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      PGLITE_DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  })
  const url = `http://127.0.0.1:${port}`
  const stop = () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop }
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  stop()
  throw new Error('the server did not start within 2 minutes')
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'networkidle0' })
  await page.type('[data-testid="sign-in-email"]', DEMO.email)
  await page.type('[data-testid="sign-in-password"]', DEMO.password)
  await page.click('[data-testid="sign-in-submit"]')
  await page.waitForSelector('[data-testid="slot-card"]', { timeout: 30_000 })
}

async function measure(
  browser: Browser,
  url: string,
  target: 'sign-in' | 'week',
  formFactor: 'mobile' | 'desktop',
): Promise<Run> {
  const loadBefore = loadavg()[0] ?? 0
  const context = await browser.createBrowserContext()
  const page = await context.newPage()
  try {
    if (target === 'week') await signIn(page, url)
    const flags: Flags = {
      onlyCategories: [...CATEGORIES],
      disableStorageReset: target === 'week',
      logLevel: 'error',
    }
    const config: Config | undefined = formFactor === 'desktop' ? desktopConfig : undefined
    const result = await lighthouse(target === 'week' ? `${url}/#/slots` : url, flags, config, page)
    const lhr = result?.lhr
    if (!lhr) throw new Error('Lighthouse returned no result')
    const scores = Object.fromEntries(
      CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
    ) as Scores
    const failing = CATEGORIES.flatMap((c) =>
      (lhr.categories[c]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 0.9)
        .map((ref) => `${c}: ${ref.id}`),
    )
    const metrics = Object.fromEntries(
      METRICS.map((m) => [m, lhr.audits[m]?.displayValue ?? '?']),
    ) as Run['metrics']
    if (REPORTS) {
      mkdirSync(REPORTS, { recursive: true })
      writeFileSync(join(REPORTS, `${target}-${formFactor}-${Date.now()}.json`), JSON.stringify(lhr))
    }
    const runtimeError = lhr.runtimeError
      ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`
      : undefined
    const machine: Run['machine'] = {
      benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
      loadAverage: [round1(loadBefore), round1(loadavg()[0] ?? 0)],
    }
    const blockingTime = estimateBlockingTime(
      result.artifacts.Trace.traceEvents,
      lhr.configSettings.throttling.cpuSlowdownMultiplier ?? 1,
    )
    return { scores, failing, metrics, ...(runtimeError ? { runtimeError } : {}), machine, blockingTime }
  } finally {
    await context.close()
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10

const blockingLine = (b: BlockingTimeEstimate | null) =>
  b
    ? `; blocking time by wall time ${b.fromWallTimeMs} ms, by CPU time ${b.fromCpuTimeMs} ms (main thread ${b.mainThreadCpuMs} ms CPU in ${b.mainThreadWallMs} ms)`
    : ''

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

const external = process.env.LIGHTHOUSE_URL
const server = external ? { url: external, stop: () => {} } : await startProductionServer()
const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
const results: { target: string; formFactor: string; runs: Run[]; median: Scores }[] = []
try {
  for (const target of ['sign-in', 'week'] as const) {
    for (const formFactor of ['mobile', 'desktop'] as const) {
      if (ONLY && ONLY !== `${target}/${formFactor}`) continue
      const runs: Run[] = []
      for (let i = 0; i < RUNS; i++) {
        let run = await measure(browser, server.url, target, formFactor)
        // Lighthouse asks for another run when its trace failed (NO_NAVSTART, NO_FCP): one retry, so a
        // broken trace does not enter the median as a 0 (the failed attempt is still printed).
        if (run.runtimeError) {
          console.log(`  retrying ${target} ${formFactor}: ${run.runtimeError}`)
          run = await measure(browser, server.url, target, formFactor)
        }
        runs.push(run)
      }
      const mid = Object.fromEntries(
        CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c]))]),
      ) as Scores
      results.push({ target, formFactor, runs, median: mid })
      console.log(
        `${target.padEnd(8)} ${formFactor.padEnd(8)} ${CATEGORIES.map((c) => `${c} ${mid[c]}`).join('  ')}`,
      )
      for (const run of runs) {
        console.log(
          `  ${run.scores.performance}: ${METRICS.map((m) => `${m} ${run.metrics[m]}`).join(', ')}; benchmark index ${run.machine.benchmarkIndex ?? '?'}, load ${run.machine.loadAverage.join('->')}${blockingLine(run.blockingTime)}${run.runtimeError ? ` (${run.runtimeError})` : ''}`,
        )
      }
    }
  }
} finally {
  await browser.close()
  server.stop()
}
if (!ONLY) {
  writeFileSync(
    join(ROOT, 'lighthouse-results.json'),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, runs: RUNS, results }, null, 2)}\n`,
  )
  console.log('wrote lighthouse-results.json')
}
