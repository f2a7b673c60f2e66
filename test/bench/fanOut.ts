/**
 * Fan-out of the change feed (issue 15): K live devices keep a stream open against the server
 * process on PostgreSQL, of which `seeing` (devices of the provider whose slot is booked) can see
 * the bookings and the others (devices of other providers) cannot. Measured:
 *  - pulls caused by one booking, in total and by devices that cannot see it, and the server's and
 *    PostgreSQL's CPU time for it (booking included);
 *  - booking -> every seeing device has pulled it: p50 / p99 (ms);
 *  - booking throughput of 8 HTTP clients with the K devices connected vs with none (the devices
 *    then in a process of their own at nice 19: streamDevicesProcess.ts says why).
 * Devices are simulated (streamDevices.ts: raw SSE, pulling like the client), accounts and
 * sessions are inserted directly (no scrypt per device).
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { hashPassword } from '../../server/auth/passwords.js'
import { hashSessionToken, newSessionToken } from '../../server/auth/sessionTokens.js'
import type { Queryable } from '../../server/db/database.js'
import { storeSession } from '../../server/domain/sessions.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { insertUser } from '../../server/domain/users.js'
import { httpClient } from '../helpers/httpRequest.js'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { BENCH_PASSWORD, seedBenchData } from './benchFixtures.js'
import { benchId } from './benchIds.js'
import { REGULAR_CUSTOMERS, SpreadRuns } from './bookingPairs.js'
import type { BookingWorkload, LoadResult } from './bookingWorkload.js'
import { runHttpBookingLoad } from './httpBookingLoad.js'
import { databaseBackends, processCpuMs, totalCpuMs, trackDatabaseCpu } from './processCpu.js'
import { median, percentile } from './stats.js'
import { type StreamDevice, openStreamDevices, totalPulls, totalStreamed } from './streamDevices.js'
import { DEVICES_COUNTED, DEVICES_READY, type DeviceCounts } from './streamDevicesProcess.js'

/** The simulated devices' process during throughput runs: the lowest priority (phones, not this machine's work). */
const DEVICES_NICENESS = 19

export interface FanOutSize {
  devices: number
  seeing: number
  /** Single bookings timed one after the other. */
  bookings: number
  throughput: { maxOperations: number; maxMs: number; repeats: number }
}

export interface FanOutFigures {
  /** 'provider': `seeing` devices of the booked provider, the others other providers'; 'customers': every device a customer browsing the slots, so all of them see each booking's slot change. */
  watchers: 'provider' | 'customers'
  devices: number
  seeing: number
  bookings: number
  /** Per booking, medians over the single bookings. */
  pullsPerBooking: number
  blindPullsPerBooking: number
  /** Documents messages devices took from the stream instead of pulling, per booking. */
  streamedPerBooking: number
  serverCpuMsPerBooking: number
  databaseCpuMsPerBooking: number
  /** Booking sent -> a seeing device has the booking (customers: the slot's new state), over every seeing device and booking. */
  deliveryP50Ms: number
  deliveryP99Ms: number
  throughputNoDevices: LoadResult
  throughputWithDevices: LoadResult
  throughputRatio: number
  /**
   * CPU per booking during the throughput runs (medians), devices' work included: where the
   * throughput with devices goes on a machine the server shares with PostgreSQL and the simulated
   * devices (this process).
   */
  loadCpuMsPerBooking: { noDevices: LoadCpu; withDevices: LoadCpu }
  /** During the throughput runs with devices, per booking (medians): the devices' pulls and stream messages taken. */
  loadPullsPerBooking?: number
  loadStreamedPerBooking?: number
}

/**
 * CPU per booking of a throughput run: the server process, PostgreSQL's backends, the bench process
 * (the booking clients) and the simulated devices' process (streamDevicesProcess.ts; 0 without).
 */
export interface LoadCpu {
  server: number
  database: number
  bench: number
  devices: number
}

async function sessionsFor(db: Queryable, userIds: readonly string[]): Promise<string[]> {
  const tokens: string[] = []
  const expires = new Date(Date.now() + 86_400_000)
  for (const userId of userIds) {
    const token = newSessionToken()
    await storeSession(db, hashSessionToken(token), userId, expires)
    tokens.push(token)
  }
  return tokens
}

/** A throughput run, with the CPU each party spent on it per booking. */
async function measuredLoad(
  run: () => Promise<LoadResult>,
  serverPid: number,
  db: Queryable,
  devicesPid: number | null,
): Promise<{ result: LoadResult; cpu: LoadCpu }> {
  const database = await trackDatabaseCpu(db)
  const devicesCpu = () => (devicesPid === null ? Promise.resolve(0) : processCpuMs(devicesPid))
  const [server0, bench0, devices0] = [await processCpuMs(serverPid), process.cpuUsage(), await devicesCpu()]
  const result = await run()
  const server = (await processCpuMs(serverPid)) - server0
  const bench = process.cpuUsage(bench0)
  const devices = (await devicesCpu()) - devices0
  const perBooking = (ms: number) => ms / Math.max(1, result.succeeded)
  return {
    result,
    cpu: {
      server: perBooking(server),
      database: perBooking(await database.stop()),
      bench: perBooking((bench.user + bench.system) / 1000),
      devices: perBooking(devices),
    },
  }
}

function medianCpu(runs: readonly LoadCpu[]): LoadCpu {
  return {
    server: median(runs.map((c) => c.server)),
    database: median(runs.map((c) => c.database)),
    bench: median(runs.map((c) => c.bench)),
    devices: median(runs.map((c) => c.devices)),
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 5))
  }
  return check()
}

/**
 * `watchers`: 'provider' as described above; 'customers': all `size.devices` devices are customers
 * browsing the slots (issue 15: "all 1,000 watch the same provider"), and delivery is the booked
 * slot's new state reaching every one of them.
 */
export async function measureFanOut(
  size: FanOutSize,
  watchers: 'provider' | 'customers' = 'provider',
): Promise<FanOutFigures> {
  const fresh = await openTestDatabase()
  const url = fresh.url
  if (!url) throw new Error('the fan-out bench needs real PostgreSQL (DATABASE_URL)')
  const spreadSlots = 1000
  // Spread runs only: the regular customers book them (runHttpBookingLoad says if they run short).
  const data = await seedBenchData(fresh.db, { customers: REGULAR_CUSTOMERS, spreadSlots, hotSlots: 0 })
  // Other providers: they see none of the bench provider's slots or bookings.
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const others: string[] = []
  for (let i = 0; watchers === 'provider' && i < size.devices - size.seeing; i++) {
    const user = await insertUser(fresh.db, {
      email: `fanout-provider-${i}@example.test`,
      name: `Other provider ${i}`,
      role: 'provider',
      passwordHash,
    })
    await addMembership(fresh.db, DEFAULT_ORGANISATION_ID, user.id, 'provider')
    others.push(user.id)
  }
  const browsers: string[] = []
  for (let i = 0; watchers === 'customers' && i < size.devices; i++) {
    const user = await insertUser(fresh.db, {
      email: `fanout-customer-${i}@example.test`,
      name: `Browsing customer ${i}`,
      role: 'customer',
      passwordHash,
    })
    await addMembership(fresh.db, DEFAULT_ORGANISATION_ID, user.id, 'customer')
    browsers.push(user.id)
  }
  const seeingTokens =
    watchers === 'customers'
      ? await sessionsFor(fresh.db, browsers)
      : await sessionsFor(
          fresh.db,
          Array.from({ length: size.seeing }, () => data.providerId),
        )
  const blindTokens = watchers === 'customers' ? [] : await sessionsFor(fresh.db, others)
  const seeingCount = seeingTokens.length

  const server = await startServerProcess({ env: { DATABASE_URL: url } })
  const client = httpClient(server.url, 16)
  const pullClient = httpClient(server.url, 64)
  let devices: StreamDevice[] = []
  try {
    const customerTokens = data.customers.map((c) => c.token)
    // Slots 1..500 for the throughput runs, 501.. for the single bookings (customer 1's, one slot
    // each). Runs without and with devices alternate (devices reconnect for each), so drift of a
    // shared machine hits both alike.
    const spreadRuns = new SpreadRuns([1, 500])
    const workload = (): BookingWorkload => {
      const shape = { concurrency: 8, maxOperations: size.throughput.maxOperations }
      return { ...shape, pattern: 'spread', maxMs: size.throughput.maxMs, ...spreadRuns.nextRun(shape) }
    }
    const tokens = [...seeingTokens, ...blindTokens]
    const noDevices: LoadResult[] = []
    const withDevices: LoadResult[] = []
    const pulls: number[] = []
    const blindPulls: number[] = []
    const streamed: number[] = []
    const serverCpu: number[] = []
    const dbCpu: number[] = []
    const delivery: number[] = []
    /** Per booking of a throughput run with devices: their pulls, and the stream messages they took. */
    const loadPulls: number[] = []
    const loadStreamed: number[] = []
    const noDevicesCpu: LoadCpu[] = []
    const withDevicesCpu: LoadCpu[] = []
    const load = async (runs: LoadResult[], cpu: LoadCpu[], devicesPid: number | null) => {
      const measured = await measuredLoad(
        () => runHttpBookingLoad(client, customerTokens, workload()),
        server.pid(),
        fresh.db,
        devicesPid,
      )
      runs.push(measured.result)
      cpu.push(measured.cpu)
    }
    for (let r = 0; r < size.throughput.repeats; r++) {
      await load(noDevices, noDevicesCpu, null)
      if (r === 0) await timeSingleBookings()
      // The throughput with devices: the same devices, in their own process at the lowest priority
      // (streamDevicesProcess.ts: they stand for phones, and must not hold up the booking clients).
      const deviceProcess = await startServerProcess({
        entry: 'test/bench/streamDevicesProcess.ts',
        readyLine: DEVICES_READY,
        env: { DEVICE_SERVER_URL: server.url, DEVICE_TOKENS: tokens.join(',') },
      })
      try {
        os.setPriority(deviceProcess.pid(), DEVICES_NICENESS)
        await new Promise((resolve) => setTimeout(resolve, 500))
        const before = await deviceCounts(deviceProcess, 1)
        await load(withDevices, withDevicesCpu, deviceProcess.pid())
        const after = await deviceCounts(deviceProcess, 2)
        const booked = withDevices.at(-1)?.succeeded ?? 0
        loadPulls.push((after.pulls - before.pulls) / Math.max(1, booked))
        loadStreamed.push((after.streamed - before.streamed) / Math.max(1, booked))
      } finally {
        await deviceProcess.stop()
      }
    }
    /** Bookings one at a time, with the devices in this process (they record when each arrives). */
    async function timeSingleBookings(): Promise<void> {
      devices = await openStreamDevices(server.url, tokens, pullClient)
      const seeing = devices.slice(0, seeingCount)
      const blind = devices.slice(seeingCount)
      await new Promise((resolve) => setTimeout(resolve, 500))
      await Promise.all(devices.map((d) => d.idle()))
      for (let b = 0; b < size.bookings; b++) {
        const backends = await databaseBackends(fresh.db)
        const [pulls0, blind0, streamed0] = [totalPulls(devices), totalPulls(blind), totalStreamed(devices)]
        const slotId = benchId('slot', 501 + b)
        const [server0, db0] = [await processCpuMs(server.pid()), await totalCpuMs(backends)]
        const id = randomUUID()
        for (const d of seeing) d.watch(watchers === 'provider' ? id : slotId)
        const sent = performance.now()
        const res = await client.request({
          method: 'POST',
          path: '/api/bookings',
          token: customerTokens[0],
          body: { id, slotId, notes: '' },
        })
        if (res.status !== 201) throw new Error(`booking answered ${res.status}`)
        // A provider's device shows the booking; a browsing customer's the slot's new counter.
        const shownAt = (d: StreamDevice): number | undefined => {
          if (watchers === 'provider') return d.received.get(id)
          const at = d.lastReceived.get(slotId)
          return at !== undefined && at > sent ? at : undefined
        }
        const arrived = await waitUntil(() => seeing.every((d) => shownAt(d) !== undefined), 10_000)
        if (!arrived) throw new Error('a seeing device did not receive the change within 10 s')
        // Let stray wake-ups (and the paced second wake-up, if any) land before counting.
        await new Promise((resolve) => setTimeout(resolve, 600))
        await Promise.all(devices.map((d) => d.idle()))
        for (const d of seeing) delivery.push((shownAt(d) as number) - sent)
        pulls.push(totalPulls(devices) - pulls0)
        streamed.push(totalStreamed(devices) - streamed0)
        blindPulls.push(totalPulls(blind) - blind0)
        serverCpu.push((await processCpuMs(server.pid())) - server0)
        dbCpu.push((await totalCpuMs(backends)) - db0)
      }
      for (const d of devices) d.close()
      devices = []
    }
    const byThroughput = (runs: LoadResult[]): LoadResult =>
      [...runs].sort((a, b) => a.throughput - b.throughput)[Math.floor(runs.length / 2)] as LoadResult
    const none = byThroughput(noDevices)
    const live = byThroughput(withDevices)
    return {
      watchers,
      devices: size.devices,
      seeing: seeingCount,
      bookings: size.bookings,
      pullsPerBooking: median(pulls),
      blindPullsPerBooking: median(blindPulls),
      streamedPerBooking: median(streamed),
      serverCpuMsPerBooking: median(serverCpu),
      databaseCpuMsPerBooking: median(dbCpu),
      deliveryP50Ms: percentile(delivery, 50),
      deliveryP99Ms: percentile(delivery, 99),
      throughputNoDevices: none,
      throughputWithDevices: live,
      throughputRatio: live.throughput / none.throughput,
      loadCpuMsPerBooking: { noDevices: medianCpu(noDevicesCpu), withDevices: medianCpu(withDevicesCpu) },
      loadPullsPerBooking: median(loadPulls),
      loadStreamedPerBooking: median(loadStreamed),
    }
  } finally {
    for (const d of devices) d.close()
    client.close()
    pullClient.close()
    await server.stop()
    await fresh.dispose()
  }
}

/** The device process's counts as of its `nth` SIGUSR2 (it writes them on stdout). */
async function deviceCounts(devices: ServerProcess, nth: number): Promise<DeviceCounts> {
  process.kill(devices.pid(), 'SIGUSR2')
  const line = new RegExp(`${DEVICES_COUNTED} ${nth} (\\{.*\\})`)
  const deadline = performance.now() + 30_000
  while (performance.now() < deadline) {
    const found = line.exec(devices.output())
    if (found?.[1]) return JSON.parse(found[1]) as DeviceCounts
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the device process did not count its pulls within 30 s')
}
