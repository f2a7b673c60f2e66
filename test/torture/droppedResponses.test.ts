/**
 * Torture 2b: a proxy throws away every third write response after the server committed it; the
 * clients retry the same request (same booking id) until they hear back. Afterwards the database
 * holds exactly the acknowledged bookings (no duplicates, none extra), and every slot's counter
 * equals the acknowledged-minus-cancelled bookings on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runClosedLoop } from '../bench/closedLoop.js'
import { type DroppingProxy, startDroppingProxy } from '../helpers/droppingProxy.js'
import { httpClient } from '../helpers/httpRequest.js'
import { openDevice } from '../helpers/deviceClient.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'
import {
  type Customer,
  customerStep,
  ledgerViolations,
  newLedger,
  seededRandom,
  slotNotHeld,
} from './customerTraffic.js'
import { convergenceProblems } from './deviceConvergence.js'
import { tortureScale } from './tortureScale.js'

const { bookings, dropEvery, concurrency, devicePushes } = tortureScale.droppedResponses

describe('torture: responses lost after the commit', () => {
  let server: TestServer
  let proxy: DroppingProxy
  /** Each test says which responses its proxy throws away. */
  let dropping = (_method: string, _path: string) => false
  beforeAll(async () => {
    server = await startTestServer()
    proxy = await startDroppingProxy({
      target: server.url,
      shouldDrop: (method, path) => dropping(method, path),
    })
  }, 120_000)
  afterAll(async () => {
    await proxy?.close()
    await server?.close()
  })

  it(
    `REST: ${bookings} booking requests, every ${dropEvery}rd write response dropped: no duplicates, counters exact`,
    async () => {
      let writes = 0
      dropping = (method) => method !== 'GET' && ++writes % dropEvery === 0
      const dropsBefore = proxy.dropped()
      const { seed } = server
      const slots = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          seed.createSlot({ maxBookings: 3 + 2 * i, hoursFromNow: 200 + i }),
        ),
      )
      const people = await Promise.all(
        Array.from({ length: concurrency }, (_, i) => seed.createCustomer(`lossy-${i}`)),
      )
      const customers: Customer[] = []
      for (const person of people) customers.push({ token: await server.signIn(person.email), active: [] })
      const client = httpClient(proxy.url, concurrency)
      const ledger = newLedger()
      const random = seededRandom(7_031)
      let retries = 0

      const load = await runClosedLoop({
        concurrency,
        maxOperations: bookings,
        maxMs: tortureScale.timeoutMs / 2,
        operation: (_index, worker) =>
          customerStep(
            client,
            customers[worker] as Customer,
            slots.map((s) => s.id),
            ledger,
            random,
            {
              onRetry: () => retries++,
            },
          ),
      })
      client.close()
      expect(load.failed, String(load.firstError)).toBe(0)
      const dropped = proxy.dropped() - dropsBefore
      expect(dropped).toBeGreaterThanOrEqual(Math.floor(bookings / dropEvery) - 1)
      expect(retries).toBeGreaterThanOrEqual(dropped)
      expect([...ledger.statuses.keys()].filter((s) => s >= 500)).toEqual([])

      expect(await ledgerViolations(server.db, ledger)).toEqual([])
      const { rows } = await server.db.query<{ id: string }>(
        'SELECT id FROM bookings WHERE customer_id = ANY($1::uuid[]) ORDER BY id',
        [people.map((p) => p.id)],
      )
      expect(rows.map((r) => r.id)).toEqual([...ledger.acknowledged.keys()].sort())
      expect(await counterMismatches(server.db)).toEqual([])
      for (const slot of slots) {
        const held = [...ledger.acknowledged].filter(
          ([id, slotId]) => slotId === slot.id && !ledger.cancelled.has(id),
        )
        const { rows: counter } = await server.db.query<{ current_bookings: number }>(
          'SELECT current_bookings FROM slots WHERE id = $1',
          [slot.id],
        )
        expect(counter[0]?.current_bookings, slot.id).toBe(held.length)
      }
    },
    tortureScale.timeoutMs,
  )

  it(
    `replication: a device pushes ${devicePushes} bookings while every second push response is lost`,
    async () => {
      let pushes = 0
      dropping = (method, path) => method === 'POST' && path.includes('/push') && ++pushes % 2 === 0
      const dropsBefore = proxy.dropped()
      const { seed } = server
      // Enough slots that the device mostly books (it holds one seat of a slot at most, invariant 12).
      const slots = await Promise.all(
        Array.from({ length: devicePushes / 2 }, (_, i) =>
          seed.createSlot({ maxBookings: 1000, hoursFromNow: 300 + i }),
        ),
      )
      const customer = await seed.createCustomer('lossy-device')
      const phone = await openDevice({
        baseUrl: proxy.url,
        email: customer.email,
        password: customer.password,
      })
      try {
        await phone.awaitInSync(60_000)
        const random = seededRandom(90_210)
        /** The device's active bookings: booking id -> slot id. */
        const mine = new Map<string, string>()
        let cancelled = 0
        for (let i = 0; i < devicePushes; i++) {
          const slotId = slotNotHeld(
            slots.map((s) => s.id),
            mine.values(),
            random,
          )
          if (mine.size > 0 && (random(4) === 0 || slotId === null)) {
            const ids = [...mine.keys()]
            const id = ids[random(ids.length)] as string
            await phone.bookings.setStatus(id, 'CANCELLED')
            mine.delete(id)
            cancelled++
          } else if (slotId !== null) {
            mine.set((await phone.bookings.book(slotId, `push ${i}`)).id, slotId)
          }
          // Some writes go one by one, some pile up into batches.
          if (random(3) === 0) await phone.awaitInSync(60_000)
        }
        await phone.awaitInSync(120_000)
        expect(proxy.dropped() - dropsBefore).toBeGreaterThan(0)
        expect(
          await convergenceProblems(
            phone,
            server.db,
            slots.map((s) => s.id),
          ),
        ).toEqual([])
        const { rows } = await server.db.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM bookings WHERE customer_id = $1 GROUP BY status ORDER BY status',
          [customer.id],
        )
        // Each booking once: the kept ones PENDING, the cancelled ones CANCELLED, nothing else.
        expect(Object.fromEntries(rows.map((r) => [r.status, r.n]))).toEqual({
          PENDING: mine.size,
          ...(cancelled > 0 ? { CANCELLED: cancelled } : {}),
        })
        expect(await counterMismatches(server.db)).toEqual([])
      } finally {
        await phone.close()
      }
    },
    tortureScale.timeoutMs,
  )
})
