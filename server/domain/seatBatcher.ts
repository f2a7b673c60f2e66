/**
 * REST bookings of one slot that arrive together are booked together (issue 13, "a small pool for
 * hot rows"): while `inFlight` statements booking a slot run, further bookings of that slot wait,
 * and the next statement books all that waited (up to `maxRows`) at once (bookCustomerSeats, the
 * push batch's statement, with each row's customer and session). Concurrent bookings of one slot
 * serialise on its row lock anyway, each waiting for the previous one's commit and WAL flush, so a
 * popular slot used to book at one commit after another; together they share one statement and
 * one commit. A booking alone (no statement of its slot running) is its own single statement
 * (bookSeat.ts) at once, exactly as before. Bookings of different slots never wait for each other:
 * gathering them too halves the database's CPU per booking when pgbench sends four bookings a
 * statement (test/bench/bookingStatementProbe.ts), but a client of the server waits for its answer,
 * so every booking would also wait for the statement running before its own; at 8 clients over 1,000
 * slots that wait cost more than the CPU saved (README "Speed"), so it is not done.
 *
 * Outcomes are unchanged: a booking the batch statement did not book (its slot refused, its id
 * exists, its session ended, or it lost a seat to an earlier row of the batch) is then tried on its
 * own statement, whose answer it gets, as it would have alone (bookSeats.ts explains why booking the
 * rest one by one after the batch gives the outcome a row-by-row run gives). Two waiting bookings
 * with the same id never share a statement: the later one waits for the next. A batch statement
 * that fails changes nothing (one statement is atomic), and each of its bookings is then tried on
 * its own, so one bad row cannot fail the others.
 *
 * Rows of a statement also share its organisation (row-level security is set per connection) and
 * role (the notification's kind): bookings wait per organisation, role and slot.
 */
import type { Role } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { type BookSeatInput, type BookSeatResult, bookSeat } from './bookSeat.js'
import { bookCustomerSeats } from './bookSeats.js'
import type { BookingRow } from './bookingRows.js'

export interface SeatBatcherOptions {
  /** Statements booking one slot that run at once before its bookings wait to go together (>= 1). */
  inFlight: number
  /** Bookings one statement takes at most. */
  maxRows: number
  /** Told of every statement with the number of bookings it took (the metrics). */
  onStatement?(rows: number): void
  /** The organisation of the work in progress, and how to run work in a given one (tenantScope.ts). */
  scope: {
    current(): string
    run<T>(organisation: string, work: () => Promise<T>): Promise<T>
  }
}

export interface SeatBatcherStats {
  bookings: number
  statements: number
  /** Bookings that went in a statement of more than one row. */
  batchedBookings: number
  /** Batch statements that failed and whose bookings were tried one by one. */
  failedBatches: number
}

export interface SeatBatcher {
  book(actor: Actor, input: BookSeatInput): Promise<BookSeatResult>
  stats(): SeatBatcherStats
}

interface Waiting {
  actor: Actor
  input: BookSeatInput
  resolve(result: BookSeatResult): void
  reject(error: unknown): void
}

interface Lane {
  key: string
  organisation: string
  role: Role
  running: number
  waiting: Waiting[]
}

export function seatBatcher(db: Queryable, options: SeatBatcherOptions): SeatBatcher {
  if (options.inFlight < 1 || options.maxRows < 1)
    throw new Error('seatBatcher needs inFlight and maxRows >= 1')
  const lanes = new Map<string, Lane>()
  const stats: SeatBatcherStats = { bookings: 0, statements: 0, batchedBookings: 0, failedBatches: 0 }

  function laneOf(organisation: string, role: Role, slotId: string): Lane {
    const key = `${organisation}/${role}/${slotId}`
    let lane = lanes.get(key)
    if (!lane) {
      lane = { key, organisation, role, running: 0, waiting: [] }
      lanes.set(key, lane)
    }
    return lane
  }

  /** The longest run of waiting bookings with distinct ids, from the front, up to maxRows. */
  function nextBatch(lane: Lane): Waiting[] {
    const ids = new Set<string>()
    const batch: Waiting[] = []
    const left: Waiting[] = []
    for (const waiting of lane.waiting) {
      if (batch.length < options.maxRows && !ids.has(waiting.input.id)) {
        ids.add(waiting.input.id)
        batch.push(waiting)
      } else left.push(waiting)
    }
    lane.waiting = left
    return batch
  }

  async function runBatch(lane: Lane, batch: Waiting[]): Promise<void> {
    lane.running++
    stats.statements++
    options.onStatement?.(batch.length)
    try {
      await options.scope.run(lane.organisation, () => bookTogether(lane.role, batch))
    } catch (error) {
      // Not expected (bookTogether settles every booking); a booking already answered keeps its answer.
      for (const waiting of batch) waiting.reject(error)
    } finally {
      lane.running--
      if (lane.waiting.length > 0) void runBatch(lane, nextBatch(lane))
      else if (lane.running === 0) lanes.delete(lane.key)
    }
  }

  /** A booking on its own statement (bookSeat.ts), answered with that statement's result. */
  const bookAlone = (waiting: Waiting): Promise<void> =>
    bookSeat(db, waiting.actor, waiting.input).then(waiting.resolve, waiting.reject)

  async function bookTogether(role: Role, batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return bookAlone(batch[0] as Waiting)
    stats.batchedBookings += batch.length
    let booked: Map<string, BookingRow>
    try {
      booked = await bookCustomerSeats(
        db,
        role,
        batch.map(({ actor, input }) => ({
          id: input.id,
          slotId: input.slotId,
          notes: input.notes,
          customerId: actor.userId,
          sessionTokenHash: input.sessionTokenHash,
        })),
      )
    } catch {
      // Nothing was written; each booking on its own meets (or escapes) what failed the batch.
      stats.failedBatches++
      await Promise.all(batch.map(bookAlone))
      return
    }
    // A booking the batch did not book gets the answer of its own statement (its session ended, it
    // was not booked, or a seat was freed meanwhile and it is booked): what it would have had alone.
    const alone: Promise<void>[] = []
    for (const waiting of batch) {
      const row = booked.get(waiting.input.id)
      if (row) waiting.resolve({ kind: 'booked', row })
      else alone.push(bookAlone(waiting))
    }
    await Promise.all(alone)
  }

  return {
    book(actor, input) {
      stats.bookings++
      const lane = laneOf(options.scope.current(), actor.role, input.slotId)
      return new Promise<BookSeatResult>((resolve, reject) => {
        lane.waiting.push({ actor, input, resolve, reject })
        if (lane.running < options.inFlight) void runBatch(lane, nextBatch(lane))
      })
    },
    stats: () => ({ ...stats }),
  }
}
