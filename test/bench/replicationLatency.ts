/**
 * Loopback latency of replication, median over 100 samples after 10 warm-ups:
 *  - push round trip: POST /api/replication/bookings/push of one new booking until the answer;
 *  - stream notification: from sending that push until the subscriber's `change` event arrives
 *    (commit -> NOTIFY -> LISTEN -> SSE write -> client);
 *  - device to device: a headless device books; another device's RxDB shows the new counter
 *    (push, NOTIFY, stream, pull, local write) — the number a user sees.
 * Run: npx tsx test/bench/replicationLatency.ts            (embedded PGlite)
 *      DATABASE_URL=postgres://... npx tsx test/bench/replicationLatency.ts   (real PostgreSQL)
 */
import { openDevice } from '../helpers/deviceClient.js'
import { newBookingDoc, readEventStream } from '../helpers/replicationDocs.js'
import { startTestServer } from '../helpers/testServer.js'
import type { TestFixtures } from '../helpers/testFixtures.js'
import { median, percentile } from './stats.js'

const SAMPLES = 100
const WARMUP = 10
const TIMEOUT_MS = 10_000
/** A stream event about bookings: a wake-up (`change`) or the documents themselves (`documents`). */
const BOOKINGS_EVENT = /event: (change\ndata: bookings$|documents\ndata: \{"collection":"bookings")/

/** A slot per booking: a customer holds one seat per slot (invariant 12), and each sample books anew. */
async function slotsForSamples(seed: TestFixtures) {
  const slots = []
  for (let i = 0; i < WARMUP + SAMPLES; i++) slots.push(await seed.createSlot({ hoursFromNow: i }))
  return slots
}

function report(label: string, samples: number[]): string {
  return `${label.padEnd(34)} median ${median(samples).toFixed(2)} ms   p90 ${percentile(samples, 90).toFixed(2)} ms   (n=${samples.length})`
}

async function main(): Promise<void> {
  const server = await startTestServer()
  const { seed } = server
  try {
    const pushSlots = await slotsForSamples(seed)
    const token = await server.signIn(seed.customerA.email)
    const api = server.api(token)
    const watcher = await readEventStream(`${server.url}/api/replication/stream`, token)

    const push: number[] = []
    const notify: number[] = []
    for (const [i, slot] of pushSlots.entries()) {
      const event = watcher.nextEvent(BOOKINGS_EVENT, TIMEOUT_MS)
      const started = performance.now()
      const response = await api.post('/api/replication/bookings/push', [
        { newDocumentState: newBookingDoc(slot, seed.customerA.id) },
      ])
      const answered = performance.now()
      if (response.status !== 200) throw new Error(`push failed: ${response.status}`)
      // A refused booking is answered 200 too: the server's state of it, REJECTED, comes back.
      const states = response.body as { status?: string; rejectionReason?: string | null }[]
      const refused = states.find((doc) => doc.status === 'REJECTED')
      if (refused) throw new Error(`push refused: ${refused.rejectionReason}`)
      const notified = await event
      if (i >= WARMUP) {
        push.push(answered - started)
        notify.push(notified - started)
      }
    }
    await watcher.close()

    const deviceSlots = await slotsForSamples(seed)
    const booker = await openDevice({
      baseUrl: server.url,
      email: seed.customerB.email,
      password: seed.password,
      devMode: false,
    })
    const viewer = await openDevice({
      baseUrl: server.url,
      email: seed.customerC.email,
      password: seed.password,
      devMode: false,
    })
    await Promise.all([booker.awaitInSync(), viewer.awaitInSync()])
    const deviceToDevice: number[] = []
    for (const [i, deviceSlot] of deviceSlots.entries()) {
      const before = (await viewer.slot(deviceSlot.id))?.currentBookings ?? 0
      const started = performance.now()
      await booker.bookings.book(deviceSlot.id, '')
      const deadline = started + TIMEOUT_MS
      for (;;) {
        const seen = (await viewer.slot(deviceSlot.id))?.currentBookings ?? 0
        if (seen > before) break
        if (performance.now() > deadline) throw new Error('viewer never saw the booking')
        await new Promise((r) => setTimeout(r, 1))
      }
      if (i >= WARMUP) deviceToDevice.push(performance.now() - started)
    }
    await Promise.all([booker.close(), viewer.close()])

    console.log(`database: ${server.db.kind}; node ${process.version}; loopback`)
    console.log(report('push round trip', push))
    console.log(report('stream notification (push->event)', notify))
    console.log(report('device to device (book->counter)', deviceToDevice))
  } finally {
    await server.close()
  }
}

await main()
