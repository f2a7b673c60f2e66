/**
 * Figures 1c (Node part) and 1d with the web app's own data layer running headless
 * (test/helpers/deviceClient.ts) against the real server as a child process on PostgreSQL:
 * - offline push: a device books N slots offline, reconnects; time until all are pushed and answered;
 * - initial pull: a new customer device signs in with M slots in the database; time until its offline
 *   copy is local (the slots of its bookable horizon, server/replication/slotHorizon.ts: N of the M);
 * - propagation: a booking written on device A until the document is in device B's RxDB.
 */
import { performance } from 'node:perf_hooks'
import { type CrashableServer, startCrashableServer } from '../helpers/crashableServer.js'
import { type Device, openDevice } from '../helpers/deviceClient.js'
import type { TestUser } from '../helpers/testFixtures.js'
import { insertSlots } from './benchFixtures.js'
import { benchId } from './benchIds.js'
import { type Spread, percentile, spread } from './stats.js'

export interface ReplicationFigures {
  offlinePush: { bookings: number; seconds: Spread; bookingsPerSecond: Spread }
  /** `stored`: the slots the device holds (its horizon's) of the `slots` in the database. */
  initialPull: { slots: number; stored?: number; seconds: Spread }
  propagation: {
    changes: number
    p50Ms: number
    p95Ms: number
    p99Ms: number
    maxMs: number
    p99PerBlockMs: Spread
    /** Where the time goes (medians): A's local write to the server's booking transaction; from there to present on B. */
    writeToServerMs: number
    serverToSeenMs: number
  }
}

export interface ReplicationSize {
  offlineBookings: number
  initialSlots: number
  propagationChanges: number
  repeats: number
}

/**
 * Slots the bookings go to, from 30 days ahead: one per booking a customer makes (a customer holds
 * one seat per slot, invariant 12), so the offline pusher's N bookings and device A's changes each go
 * to a slot of their own.
 */
function bookableSlots(size: ReplicationSize): number {
  return Math.max(size.offlineBookings, size.propagationChanges)
}
/**
 * The rest of the initial pull's slots start beyond the customer's horizon (56 days), so that its
 * offline copy is the bookable slots: about as many as it held before invariant 12 (50 bookable
 * slots and the rest from day 40: 863 of 10,000), not a thousand more.
 */
const OTHER_SLOTS_FROM_DAYS = 60
const SYNC_TIMEOUT_MS = 180_000
const ARRIVAL_TIMEOUT_MS = 10_000
const PROPAGATION_BLOCKS = 5

export async function measureReplication(size: ReplicationSize): Promise<ReplicationFigures> {
  const target = await startCrashableServer()
  try {
    const { seed } = target
    const service = { providerId: seed.providerA.id, serviceId: seed.serviceA.id }
    const bookable = bookableSlots(size)
    await target.inspect((db) => insertSlots(db, { ...service, first: 1, count: bookable }))
    const slotIds = Array.from({ length: bookable }, (_, i) => benchId('slot', i + 1))

    const propagation = await measurePropagation(target, slotIds, size.propagationChanges)
    const pushRuns: number[] = []
    for (let run = 0; run < size.repeats; run++) {
      pushRuns.push(
        await timeOfflinePush(
          target,
          await seed.createCustomer(`offline-${run}`),
          slotIds,
          size.offlineBookings,
        ),
      )
    }
    const existing = await target.inspect(async (db) =>
      Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM slots')).rows[0]?.n),
    )
    const extra = size.initialSlots - existing
    await target.inspect((db) =>
      insertSlots(db, {
        ...service,
        first: bookable + 1,
        count: extra,
        startsAt: new Date(Date.now() + OTHER_SLOTS_FROM_DAYS * 86_400_000),
      }),
    )
    const pullRuns: number[] = []
    let stored = 0
    for (let run = 0; run < size.repeats; run++) {
      const pulled = await timeInitialPull(target, await seed.createCustomer(`pull-${run}`))
      pullRuns.push(pulled.seconds)
      stored = pulled.stored
    }
    return {
      offlinePush: {
        bookings: size.offlineBookings,
        seconds: spread(pushRuns),
        bookingsPerSecond: spread(pushRuns.map((s) => size.offlineBookings / s)),
      },
      initialPull: { slots: size.initialSlots, stored, seconds: spread(pullRuns) },
      propagation,
    }
  } finally {
    await target.close()
  }
}

async function device(target: CrashableServer, user: TestUser, name: string): Promise<Device> {
  // As the built web app runs: without RxDB's dev-mode checks (test/helpers/deviceClient.ts).
  return openDevice({
    baseUrl: target.server.url,
    email: user.email,
    password: user.password,
    name,
    devMode: false,
  })
}

/** Seconds from reconnecting to every offline booking pushed, answered and stored. */
async function timeOfflinePush(
  target: CrashableServer,
  customer: TestUser,
  slotIds: string[],
  count: number,
): Promise<number> {
  const phone = await device(target, customer, 'offline-pusher')
  try {
    await phone.awaitInSync(SYNC_TIMEOUT_MS)
    phone.goOffline()
    for (let i = 0; i < count; i++) await phone.bookings.book(slotIds[i] as string, `offline ${i}`)
    const started = performance.now()
    phone.goOnline()
    await phone.awaitInSync(SYNC_TIMEOUT_MS)
    const seconds = (performance.now() - started) / 1000
    const stored = await target.inspect((db) =>
      db.query<{ n: string }>(
        "SELECT count(*) AS n FROM bookings WHERE customer_id = $1 AND status IN ('PENDING', 'CONFIRMED')",
        [customer.id],
      ),
    )
    if (Number(stored.rows[0]?.n) !== count)
      throw new Error(`offline push stored ${stored.rows[0]?.n} of ${count} bookings`)
    return seconds
  } finally {
    await phone.close()
  }
}

/**
 * Seconds from opening a fresh device (sign-in included) to holding its offline copy locally, and the
 * slots that copy holds: every live slot starting before the horizon's end the server gave it (all
 * slots when it gave none); the customer has no bookings.
 */
async function timeInitialPull(
  target: CrashableServer,
  customer: TestUser,
): Promise<{ seconds: number; stored: number }> {
  const started = performance.now()
  const fresh = await device(target, customer, 'first-start')
  try {
    await fresh.awaitInSync(SYNC_TIMEOUT_MS)
    const seconds = (performance.now() - started) / 1000
    const horizon = fresh.replication().slotHorizon$.value ?? null
    const { rows } = await target.inspect((db) =>
      db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM slots WHERE NOT deleted AND ($1::timestamptz IS NULL OR start_time < $1)',
        [horizon],
      ),
    )
    const expected = rows[0]?.n ?? 0
    const local = await fresh.db.slots.count().exec()
    if (local < expected) throw new Error(`initial pull holds ${local} of ${expected} slots`)
    return { seconds, stored: local }
  } finally {
    await fresh.close()
  }
}

/** A customer's device books; ms until the booking is in the provider's device's RxDB. */
async function measurePropagation(
  target: CrashableServer,
  slotIds: string[],
  changes: number,
): Promise<ReplicationFigures['propagation']> {
  const a = await device(target, target.seed.customerA, 'device-a')
  const b = await device(target, target.seed.providerA, 'device-b')
  // When each booking id first showed up in B's RxDB, and who is waiting for which id.
  const firstSeen = new Map<string, number>()
  const waiting = new Map<string, () => void>()
  const subscription = b.db.bookings.$.subscribe((event) => {
    if (firstSeen.has(event.documentId)) return
    firstSeen.set(event.documentId, performance.now())
    waiting.get(event.documentId)?.()
  })
  try {
    await Promise.all([a.awaitInSync(SYNC_TIMEOUT_MS), b.awaitInSync(SYNC_TIMEOUT_MS)])
    const latencies: number[] = []
    const timeline: { id: string; started: number; seen: number }[] = []
    for (let i = 0; i < changes; i++) {
      const started = performance.now()
      const { id } = await a.bookings.book(slotIds[i] as string, '')
      await arrival(id, firstSeen, waiting)
      const seen = firstSeen.get(id) as number
      latencies.push(seen - started)
      timeline.push({ id, started, seen })
    }
    // The server's transaction time of each booking splits the path in two (same machine, same clock).
    const { rows } = await target.inspect((db) =>
      db.query<{ id: string; created_at: Date }>(
        'SELECT id, created_at FROM bookings WHERE id = ANY($1::uuid[])',
        [timeline.map((t) => t.id)],
      ),
    )
    const committedAt = new Map(
      rows.map((r) => [r.id, new Date(r.created_at).getTime() - performance.timeOrigin]),
    )
    const stages = timeline.flatMap(({ id, started, seen }) => {
      const committed = committedAt.get(id)
      return committed === undefined
        ? []
        : [{ writeToServer: committed - started, serverToSeen: seen - committed }]
    })
    const blockSize = Math.ceil(changes / PROPAGATION_BLOCKS)
    const blocks = Array.from({ length: PROPAGATION_BLOCKS }, (_, k) =>
      latencies.slice(k * blockSize, (k + 1) * blockSize),
    ).filter((x) => x.length > 0)
    return {
      changes,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      p99PerBlockMs: spread(blocks.map((block) => percentile(block, 99))),
      writeToServerMs: percentile(
        stages.map((x) => x.writeToServer),
        50,
      ),
      serverToSeenMs: percentile(
        stages.map((x) => x.serverToSeen),
        50,
      ),
    }
  } finally {
    subscription.unsubscribe()
    await Promise.all([a.close(), b.close()])
  }
}

/** Resolves once `id` has been seen (bounded by ARRIVAL_TIMEOUT_MS). */
function arrival(
  id: string,
  firstSeen: Map<string, number>,
  waiting: Map<string, () => void>,
): Promise<void> {
  if (firstSeen.has(id)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id)
      reject(new Error(`booking ${id} did not reach the other device within ${ARRIVAL_TIMEOUT_MS} ms`))
    }, ARRIVAL_TIMEOUT_MS)
    waiting.set(id, () => {
      clearTimeout(timer)
      waiting.delete(id)
      resolve()
    })
  })
}
