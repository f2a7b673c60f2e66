/**
 * The benches' pairing rule (test/bench/bookingPairs.ts): a customer holds one seat of a slot
 * (invariant 12), so no (customer, slot) pair may repeat within a run or across the runs that share
 * a range of slots, or the bench would measure refusals. Property over random ranges, pools and runs.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SpreadRuns, bookingBudget, bookingPair, hotRun } from '../bench/bookingPairs.js'
import type { BookingWorkload } from '../bench/bookingWorkload.js'

const run = fc.record({
  maxOperations: fc.integer({ min: 1, max: 300 }),
  concurrency: fc.integer({ min: 1, max: 32 }),
})

type Run = Pick<BookingWorkload, 'maxOperations' | 'concurrency'>

function workload(
  pairing: Pick<BookingWorkload, 'slotRange' | 'customers' | 'firstBooking'>,
  r: Run,
): BookingWorkload {
  return { pattern: 'spread', maxMs: 1_000, ...pairing, ...r }
}

describe('bench booking pairs', () => {
  it('never repeat a (customer, slot) pair across the runs on one range, and stay in the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(run, { minLength: 1, maxLength: 5 }),
        (lo, slots, pool, runs) => {
          const range = new SpreadRuns([lo, lo + slots - 1], pool)
          const seen = new Set<string>()
          for (const r of runs) {
            const w = workload(range.nextRun(r), r)
            for (let i = 0; i < bookingBudget(w); i++) {
              const { customer, slot } = bookingPair(w, i)
              expect(slot).toBeGreaterThanOrEqual(lo)
              expect(slot).toBeLessThanOrEqual(lo + slots - 1)
              expect(customer).toBeGreaterThanOrEqual(1)
              const key = `${customer}/${slot}`
              expect(seen.has(key), key).toBe(false)
              seen.add(key)
            }
          }
        },
      ),
    )
  })

  it('give a hot slot one customer per booking', () => {
    fc.assert(
      fc.property(run, (r) => {
        const w = workload(hotRun(7, 10_000), r)
        const customers = Array.from({ length: bookingBudget(w) }, (_, i) => bookingPair(w, i))
        expect(new Set(customers.map((p) => p.customer)).size).toBe(customers.length)
        expect(customers.every((p) => p.slot === 7)).toBe(true)
      }),
    )
  })
})
