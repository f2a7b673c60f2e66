/**
 * Torture 2a: SIGKILL the server in the middle of a booking load, restart it, let every client
 * retry until answered; then every booking the server acknowledged exists (cancelled only if that
 * was acknowledged too) and invariant 1 (docs/INVARIANTS.md) holds on every slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runClosedLoop } from '../bench/closedLoop.js'
import { type CrashableServer, startCrashableServer } from '../helpers/crashableServer.js'
import { httpClient } from '../helpers/httpRequest.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { type Customer, customerStep, ledgerViolations, newLedger, seededRandom } from './customerTraffic.js'
import { tortureScale } from './tortureScale.js'

const { kills, requestsPerKill, concurrency } = tortureScale.crash

// Real PostgreSQL only (CI always has it): the test seeds slots and customers while the server
// process runs, and an embedded PGlite data directory can be open in one process only.
describe.runIf(onRealPostgres)('torture: kill -9 during a booking load', () => {
  let target: CrashableServer
  beforeAll(async () => {
    target = await startCrashableServer()
  }, 120_000)
  afterAll(async () => {
    await target?.close()
  })

  it(
    `${kills} SIGKILLs, ${kills * requestsPerKill} booking requests: no acknowledged booking lost, counters exact`,
    async () => {
      const { server, seed } = target
      const slots = await Promise.all(
        Array.from({ length: 20 }, (_, i) => seed.createSlot({ maxBookings: 5 + i, hoursFromNow: 100 + i })),
      )
      const slotIds = slots.map((s) => s.id)
      const people = await Promise.all(
        Array.from({ length: concurrency }, (_, i) => seed.createCustomer(`crash-${i}`)),
      )
      const client = httpClient(server.url, concurrency)
      const signIn = async (email: string) => {
        const res = await client.request({
          method: 'POST',
          path: '/api/session',
          body: { email, password: seed.password },
        })
        return (res.body as { token: string }).token
      }
      const customers: Customer[] = []
      for (const person of people) customers.push({ token: await signIn(person.email), active: [] })

      const ledger = newLedger()
      const random = seededRandom(20_261_125)
      let restarting: Promise<void> = Promise.resolve()
      let restarts = 0
      let retries = 0
      const retry = { beforeRetry: () => restarting, onRetry: () => retries++ }

      for (let kill = 1; kill <= kills; kill++) {
        let answered = 0
        const load = await runClosedLoop({
          concurrency,
          maxOperations: requestsPerKill,
          maxMs: 120_000,
          operation: async (_index, worker) => {
            await customerStep(client, customers[worker] as Customer, slotIds, ledger, random, retry)
            // Crash a third of the way in, while the other clients are mid-request.
            if (++answered === Math.floor(requestsPerKill / 3)) {
              restarting = server.restart().then(() => {
                restarts++
              })
            }
          },
        })
        await restarting
        expect(load.failed, String(load.firstError)).toBe(0)
      }

      expect(restarts).toBe(kills)
      const statuses = Object.fromEntries(ledger.statuses)
      expect(
        Object.keys(statuses).filter((s) => Number(s) >= 500),
        JSON.stringify(statuses),
      ).toEqual([])
      expect(ledger.acknowledged.size).toBeGreaterThan(0)
      expect(retries, 'the kills should have cut some requests off').toBeGreaterThan(0)
      const health = await client.request({ method: 'GET', path: '/api/health' })
      expect(health.status).toBe(200)
      client.close()

      const { lost, mismatches } = await target.inspect(async (db) => ({
        lost: await ledgerViolations(db, ledger),
        mismatches: await counterMismatches(db),
      }))
      expect(lost).toEqual([])
      expect(mismatches).toEqual([])
    },
    tortureScale.timeoutMs,
  )
})
