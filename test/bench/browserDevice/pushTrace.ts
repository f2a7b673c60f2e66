/**
 * Where the Chromium offline push's time goes (a measurement aid beside test/bench/browserOfflinePush.ts,
 * same setup): each run books N slots offline, comes back online, and records, from the page's
 * 'online' event until the device is in sync,
 * - every request the page makes (start, headers, last byte, sizes; the stream's chunks),
 * - the server's own time in the push and pull handlers (its /metrics, before and after),
 * - the device's stored booking writes and its replication's activity (pushDevice.startTrace),
 * - a CPU profile of the page (CDP), summed by function and by module, busy against idle.
 * The bundle is built unminified here so that the profile names functions.
 *
 *   npx tsx test/bench/browserDevice/pushTrace.ts [bookings] [runs]
 */
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { setDeviceOffline } from '../../helpers/appDriver.js'
import { launchBrowser, openDevice } from '../../helpers/browser.js'
import { startServerProcess } from '../../helpers/serverProcess.js'
import { openTestDatabase } from '../../helpers/testDatabase.js'
import { createFixtures } from '../../helpers/testFixtures.js'
import { insertSlots } from '../benchFixtures.js'
import { benchId } from '../benchIds.js'
import { deviceBundle, devicePage } from '../browserOfflinePush.js'
import type { PushDevice, TraceEvent } from './pushDevice.js'

const METRICS_TOKEN = 'push-trace-metrics-token'

interface NetEntry {
  url: string
  method: string
  start: number
  headers?: number
  end?: number
  reqBytes: number
  bytes?: number
  status?: number
  error?: string
  chunks?: { at: number; len: number; head: string }[]
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

/** Wraps the page's fetch to record every request's times and sizes (installed before open()). */
function recordRequests(): void {
  const net: NetEntry[] = []
  ;(window as unknown as { __net: NetEntry[] }).__net = net
  const original = window.fetch.bind(window)
  window.addEventListener('online', () =>
    net.push({ url: 'ONLINE', method: '', start: performance.now(), reqBytes: 0 }),
  )
  window.fetch = async (input, init) => {
    const url = (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).replace(
      location.origin,
      '',
    )
    const entry: NetEntry = {
      url,
      method: init?.method ?? 'GET',
      start: performance.now(),
      reqBytes: typeof init?.body === 'string' ? init.body.length : 0,
    }
    net.push(entry)
    try {
      const response = await original(input, init)
      entry.headers = performance.now()
      entry.status = response.status
      if (!response.body) return response
      const streamed = url.includes('/stream')
      let bytes = 0
      const decoder = new TextDecoder()
      const body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            bytes += chunk.length
            entry.bytes = bytes
            entry.end = performance.now()
            if (streamed) {
              entry.chunks ??= []
              entry.chunks.push({
                at: entry.end,
                len: chunk.length,
                head: decoder.decode(chunk.slice(0, 160)),
              })
            }
            controller.enqueue(chunk)
          },
        }),
      )
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    } catch (error) {
      entry.error = String(error)
      entry.end = performance.now()
      throw error
    }
  }
}

/** Sum and count of the server's replication handler times, by direction and collection. */
async function serverTimes(origin: string): Promise<Map<string, { sum: number; count: number }>> {
  const text = await (
    await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text()
  const times = new Map<string, { sum: number; count: number }>()
  for (const line of text.split('\n')) {
    const match = /^replication_request_duration_seconds_(sum|count)\{(.*)\} (\S+)$/.exec(line)
    if (!match) continue
    const [, kind, labels, value] = match
    const key = (labels ?? '').replace(/"/g, '')
    const entry = times.get(key) ?? { sum: 0, count: 0 }
    if (kind === 'sum') entry.sum = Number(value)
    else entry.count = Number(value)
    times.set(key, entry)
  }
  return times
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
}

/**
 * JS time per 250 ms of the run (from the profile's start, which is just before 'online'), with the
 * functions that took most of each slice, self time.
 */
function profileSlices(profile: CpuProfile, sliceMs = 250): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const slices = new Map<number, Map<string, number>>()
  let at = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    at += dt
    const node = byId.get(id)
    if (!node || node.callFrame.functionName === '(idle)') return
    const slice = Math.floor(at / sliceMs) * sliceMs
    const names = slices.get(slice) ?? new Map<string, number>()
    const name = `${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber + 1}`
    names.set(name, (names.get(name) ?? 0) + dt)
    slices.set(slice, names)
  })
  return [...slices]
    .map(([slice, names]) => {
      const total = [...names.values()].reduce((a, b) => a + b, 0)
      const top = [...names]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([n, v]) => `${n} ${v.toFixed(0)}`)
        .join(', ')
      return `  ${String(slice).padStart(6)}: ${total.toFixed(0).padStart(4)} ms busy  ${top}`
    })
    .join('\n')
}

function summariseProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const byModule = new Map<string, number>()
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v)
  let busy = 0
  let idle = 0
  let other = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)
    if (!node) return
    const name = node.callFrame.functionName
    if (name === '(idle)') {
      idle += dt
      return
    }
    if (name === '(program)' || name === '(garbage collector)') {
      other += dt
      add(self, name, dt)
      return
    }
    busy += dt
    const label = (n: ProfileNode) =>
      `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`
    add(self, label(node), dt)
    const names = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)
      if (n) names.add(label(n))
    }
    for (const n of names) add(inclusive, n, dt)
    add(
      byModule,
      node.callFrame.url
        ? node.callFrame.url.includes('push-device')
          ? 'bundle'
          : node.callFrame.url
        : '(native)',
      dt,
    )
  })
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n')
  return `page CPU: JS ${busy.toFixed(0)} ms, program+GC ${other.toFixed(0)} ms, idle ${idle.toFixed(0)} ms\nself:\n${top(self, 30)}\ninclusive:\n${top(inclusive, 40)}`
}

async function traceRuns(bookings: number, runs: number): Promise<void> {
  const fresh = await openTestDatabase()
  const seed = await createFixtures(fresh.db)
  const server = await startServerProcess({ env: { DATABASE_URL: fresh.url ?? '', METRICS_TOKEN } })
  const target = { server }
  const browser = await launchBrowser()
  try {
    await insertSlots(fresh.db, {
      providerId: seed.providerA.id,
      serviceId: seed.serviceA.id,
      first: 1,
      count: bookings,
    })
    const slotIds = Array.from({ length: bookings }, (_, i) => benchId('slot', i + 1))
    const bundle = await deviceBundle({ minify: false })
    for (let run = 0; run < runs; run++) {
      const customer = await seed.createCustomer(`trace-${run}`)
      const context = await openDevice(browser, target.server.url)
      context.setDefaultTimeout(180_000)
      try {
        const page = await context.newPage()
        await devicePage(page, target.server.url, bundle)
        await page.evaluate(recordRequests)
        const device = (page: Page) => page.evaluateHandle(() => window.pushDevice as PushDevice)
        await (await device(page)).evaluate((d, user) => d.open(user.email, user.password), customer)
        await setDeviceOffline(context, true)
        await (await device(page)).evaluate((d, ids) => d.book(ids), slotIds)
        await (await device(page)).evaluate((d) => d.startTrace())
        const cdp = await page.context().newCDPSession(page)
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.setSamplingInterval', { interval: 250 })
        await cdp.send('Profiler.start')
        const profileStart = await page.evaluate(() => performance.now())
        const before = await serverTimes(target.server.url)
        const timed = (await device(page)).evaluate((d) => d.timeNextReconnect())
        await setDeviceOffline(context, false)
        const ms = await timed
        const { profile } = await cdp.send('Profiler.stop')
        const after = await serverTimes(target.server.url)
        const trace = (await (await device(page)).evaluate((d) => d.takeTrace())) as TraceEvent[]
        const net = await page.evaluate(() => (window as unknown as { __net: NetEntry[] }).__net)
        await (await device(page)).evaluate((d) => d.close())
        report(run, ms, net, trace, before, after, profile as never, profileStart)
      } finally {
        await context.close()
      }
    }
  } finally {
    await browser.close()
    await server.stop()
    await fresh.dispose()
  }
}

function report(
  run: number,
  ms: number,
  net: NetEntry[],
  trace: TraceEvent[],
  before: Map<string, { sum: number; count: number }>,
  after: Map<string, { sum: number; count: number }>,
  profile: CpuProfile,
  profileStart: number,
): void {
  const online = net.find((e) => e.url === 'ONLINE')?.start ?? 0
  const t = (x: number | undefined) => (x === undefined ? '   -  ' : (x - online).toFixed(0).padStart(6))
  console.log(`\n=== run ${run}: ${ms.toFixed(0)} ms from 'online' to in sync`)
  console.log('requests (ms after online: start, headers, last byte; bytes sent/received):')
  for (const e of net) {
    if (e.url === 'ONLINE' || (e.end ?? e.start) < online) continue
    const path = e.url.split('?')[0]
    const checkpoint = e.url.includes('checkpoint=') ? ' +checkpoint' : ''
    console.log(
      `  ${t(e.start)} ${t(e.headers)} ${t(e.end)}  ${e.method.padEnd(4)} ${path}${checkpoint} ${e.status ?? e.error ?? ''} ${e.reqBytes}/${e.bytes ?? 0}`,
    )
    for (const c of (e.chunks ?? []).filter((c) => c.at >= online))
      console.log(`      chunk ${t(c.at)} ${c.len} B ${c.head.replace(/\n/g, '\\n').slice(0, 110)}`)
  }
  console.log('server handler time in this run (s, requests):')
  for (const [key, a] of after) {
    const b = before.get(key) ?? { sum: 0, count: 0 }
    if (a.count !== b.count)
      console.log(`  ${key}: ${(a.sum - b.sum).toFixed(3)} s over ${a.count - b.count}`)
  }
  const counts = new Map<string, { n: number; first: number; last: number; ids: Set<string> }>()
  for (const e of trace) {
    const c = counts.get(e.what) ?? { n: 0, first: e.at, last: e.at, ids: new Set() }
    c.n++
    c.last = e.at
    if (e.id) c.ids.add(e.id)
    counts.set(e.what, c)
  }
  console.log('device events (count, distinct ids, first..last ms after online):')
  for (const [what, c] of [...counts].sort((a, b) => a[1].first - b[1].first)) {
    if (c.n <= 3) continue
    console.log(`  ${what}: ${c.n} (${c.ids.size} ids) ${t(c.first)}..${t(c.last)}`)
    const buckets = new Map<number, number>()
    for (const e of trace)
      if (e.what === what) {
        const b = Math.floor((e.at - online) / 250) * 250
        buckets.set(b, (buckets.get(b) ?? 0) + 1)
      }
    console.log(`    per 250 ms: ${[...buckets].map(([b, n]) => `${b}:${n}`).join(' ')}`)
  }
  for (const e of trace) if ((counts.get(e.what)?.n ?? 0) <= 3) console.log(`  ${t(e.at)} ${e.what}`)
  console.log(summariseProfile(profile))
  console.log(`page busy per 250 ms from the profile's start (${t(profileStart)} ms after online):`)
  console.log(profileSlices(profile))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  await traceRuns(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 2))
  process.exit(0)
}
