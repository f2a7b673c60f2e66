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
import { counterMismatches } from '../helpers/slotCounters.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'
import { type Customer, customerStep, ledgerViolations, newLedger, seededRandom } from './customerTraffic.js'
import { tortureScale } from './tortureScale.js'

const { bookings, dropEvery, concurrency } = tortureScale.droppedResponses

describe('torture: responses lost after the commit', () => {
  let server: TestServer
  let proxy: DroppingProxy
  beforeAll(async () => {
    server = await startTestServer()
    let writes = 0
    proxy = await startDroppingProxy({
      target: server.url,
      shouldDrop: (method) => method !== 'GET' && ++writes % dropEvery === 0,
    })
  }, 120_000)
  afterAll(async () => {
    await proxy?.close()
    await server?.close()
  })

  it(
    `REST: ${bookings} booking requests, every ${dropEvery}rd write response dropped: no duplicates, counters exact`,
    async () => {
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
      expect(proxy.dropped()).toBeGreaterThanOrEqual(Math.floor(bookings / dropEvery) - 1)
      expect(retries).toBeGreaterThanOrEqual(proxy.dropped())
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
})
