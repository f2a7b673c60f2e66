/**
 * Loopback latency of a waitlist promotion reaching the waiter, median over SAMPLES rounds after
 * WARMUP: a holder's device cancels the last seat of a slot (a local write, pushed); the seat goes
 * to the waiter in the cancel's transaction; the waiter's other device (headless RxDB) holds the
 * WAITLIST_PROMOTED notification (push, transaction with the promotion, NOTIFY, stream, pull, local
 * write). The browser figure (the same path plus rendering) is printed by test/e2e/waitlist.test.ts.
 * Run: npx tsx test/bench/waitlistLatency.ts            (embedded PGlite)
 *      DATABASE_URL=postgres://... npx tsx test/bench/waitlistLatency.ts   (real PostgreSQL)
 */
import { firstValueFrom } from 'rxjs'
import { filter } from 'rxjs/operators'
import { openDevice } from '../helpers/deviceClient.js'
import { startTestServer } from '../helpers/testServer.js'
import { median, percentile } from './stats.js'

const SAMPLES = Number(process.env.WAITLIST_BENCH_SAMPLES ?? 30)
const WARMUP = 5
const TIMEOUT_MS = 10_000

async function main(): Promise<void> {
  const server = await startTestServer()
  const { seed } = server
  try {
    const [holder, waiterLaptop] = await Promise.all([
      openDevice({
        baseUrl: server.url,
        email: seed.customerA.email,
        password: seed.password,
        name: 'holder',
        devMode: false,
      }),
      openDevice({
        baseUrl: server.url,
        email: seed.customerB.email,
        password: seed.password,
        name: 'laptop',
        devMode: false,
      }),
    ])
    const waiterApi = server.api(await server.signIn(seed.customerB.email))
    const samples: number[] = []
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 1000 + i })
      await holder.awaitInSync()
      const booking = await holder.bookings.book(slot.id, '')
      await holder.awaitInSync()
      const joined = await waiterApi.post(`/api/slots/${slot.id}/waitlist`, {})
      if (joined.status !== 201)
        throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`)
      await waiterLaptop.awaitInSync()

      const arrived = firstValueFrom(
        waiterLaptop.db.notifications
          .find({ selector: { slotId: slot.id, kind: 'WAITLIST_PROMOTED' } })
          .$.pipe(filter((docs) => docs.length > 0)),
      ).then(() => performance.now())
      const started = performance.now()
      await holder.bookings.setStatus(booking.id, 'CANCELLED')
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the promotion never reached the laptop')), TIMEOUT_MS).unref(),
      )
      const at = await Promise.race([arrived, timeout])
      if (i >= WARMUP) samples.push(at - started)
    }
    await Promise.all([holder.close(), waiterLaptop.close()])
    console.log(`database: ${server.db.kind}; node ${process.version}; loopback`)
    console.log(
      `cancel on one device -> promotion notification on the waiter's other device: median ${median(samples).toFixed(1)} ms   p90 ${percentile(samples, 90).toFixed(1)} ms   (n=${samples.length})`,
    )
  } finally {
    await server.close()
  }
}

await main()
