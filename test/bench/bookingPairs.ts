/**
 * Which customer books which slot, for every bench load that books many seats. A customer holds at
 * most one active booking per slot (invariant 12: a second one is refused ALREADY_BOOKED), so a
 * (customer, slot) pair may never repeat: not within a run, and not across the runs that share a
 * database's slots either, since the bookings stay. One rule, here, serves every driver: the Node
 * loops call bookingPair, the wrk script replays bookingPairs' list, pgbench computes the same
 * arithmetic from pgbenchPairLines.
 *
 * Booking number n (counted over every run on the same slots: SpreadRuns) of a pool of P
 * customers booking S slots from `lo`:
 *   member = n mod P, round = n div P
 *   customer = 1 + member + P * (round div S)   (the pool's next P customers once every slot is booked)
 *   slot = lo + (round + member * spacing) mod S,   spacing = max(1, S div P)
 * Each member walks the slots one by one from its own start, so no pair repeats; bookings sent side
 * by side (consecutive numbers: other members, the same round) land `spacing` slots apart, spread
 * over the whole range as the random draw they replace did, except that two of them never meet on
 * one slot. A hot slot (S = 1) thus takes one customer per booking: the pool must be at least the
 * run's bookings.
 */
import type { BookingWorkload } from './bookingWorkload.js'

export interface BookingPair {
  /** Customer number, 1-based (benchId('customer', n)). */
  customer: number
  /** Slot number (benchId('slot', n)). */
  slot: number
}

/**
 * The spread pattern's pool: the 32 customers the bench always had, so the server's session cache
 * holds every token a spread run sends, as before the rule (hot runs need one customer per booking).
 */
export const REGULAR_CUSTOMERS = 32

function shape(workload: BookingWorkload) {
  const [lo, hi] = workload.slotRange
  const slots = hi - lo + 1
  return { lo, slots, pool: workload.customers, spacing: Math.max(1, Math.floor(slots / workload.customers)) }
}

/** The pair of the run's `index`-th booking (0-based; unique within the run). */
export function bookingPair(workload: BookingWorkload, index: number): BookingPair {
  const { lo, slots, pool, spacing } = shape(workload)
  const n = workload.firstBooking + index
  const member = n % pool
  const round = Math.floor(n / pool)
  return {
    customer: 1 + member + pool * Math.floor(round / slots),
    slot: lo + ((round + member * spacing) % slots),
  }
}

/**
 * Booking numbers a run may use: every driver stops issuing at maxOperations, but wrk's threads
 * still have a request in flight on each connection when they stop.
 */
export function bookingBudget(workload: Pick<BookingWorkload, 'maxOperations' | 'concurrency'>): number {
  return workload.maxOperations + 2 * workload.concurrency
}

/** Every pair the run may book, in booking order (wrk replays this list). */
export function bookingPairs(workload: BookingWorkload): BookingPair[] {
  return Array.from({ length: bookingBudget(workload) }, (_, i) => bookingPair(workload, i))
}

/** A run that would book as more customers than were seeded fails before it sends anything. */
export function expectCustomers(workload: BookingWorkload, seeded: number): void {
  const { slots, pool } = shape(workload)
  const lastRound = Math.floor((workload.firstBooking + bookingBudget(workload) - 1) / pool)
  const needed = pool * (Math.floor(lastRound / slots) + 1)
  if (needed > seeded) throw new Error(`the run books as up to ${needed} customers; ${seeded} were seeded`)
}

type Pairing = Pick<BookingWorkload, 'slotRange' | 'customers' | 'firstBooking'>

/**
 * The runs on one range of spread slots: as a pool of customers (the regular ones unless told), each
 * run on a block of booking numbers of its own, so that no run books a pair an earlier one booked
 * (the bookings stay). Runs with another pool need slots of their own: the same number is another
 * pair in another pool.
 */
export class SpreadRuns {
  private next = 0

  constructor(
    readonly slotRange: [number, number],
    readonly pool = REGULAR_CUSTOMERS,
  ) {}

  /** The pairing of the next run, of at most `run.maxOperations` bookings at `run.concurrency`. */
  nextRun(run: Pick<BookingWorkload, 'maxOperations' | 'concurrency'>): Pairing {
    const firstBooking = this.next
    this.next += bookingBudget(run)
    return { slotRange: this.slotRange, customers: this.pool, firstBooking }
  }
}

/** The pairing of a run on a fresh hot slot: one customer per booking, out of `customers`. */
export function hotRun(slot: number, customers: number): Pairing {
  return { slotRange: [slot, slot], customers, firstBooking: 0 }
}

/**
 * The rule in pgbench's arithmetic, for booking `i` of `perTransaction` in each transaction: sets
 * :cust<i> and :slot<i>. Needs -D first, clients, pool, slots, spacing, slotlo (pgbenchPairVariables)
 * and a per-client transaction counter :tx (these lines count it on the last booking). pgbench keeps a
 * client's variables from one transaction to the next, so client c's t-th transaction takes numbers
 * first + (c + t * clients) * perTransaction + i: no two clients share one.
 */
export function pgbenchPairLines(i: number, perTransaction = 1): string[] {
  const lines = [
    `\\set n${i} :first + (:client_id + :tx * :clients) * ${perTransaction} + ${i}`,
    `\\set member${i} :n${i} % :pool`,
    `\\set round${i} :n${i} / :pool`,
    `\\set cust${i} 1 + :member${i} + :pool * (:round${i} / :slots)`,
    `\\set slot${i} :slotlo + (:round${i} + :member${i} * :spacing) % :slots`,
  ]
  return i === perTransaction - 1 ? [...lines, '\\set tx :tx + 1'] : lines
}

/** pgbench's -D values for pgbenchPairLines. */
export function pgbenchPairVariables(workload: BookingWorkload, clients: number): Record<string, number> {
  const { lo, slots, pool, spacing } = shape(workload)
  return { first: workload.firstBooking, clients, pool, slots, spacing, slotlo: lo, tx: 0 }
}
