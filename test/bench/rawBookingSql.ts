/**
 * The raw baseline: the best booking SQL we know, which is the server's own booking statement
 * (server/domain/bookSeat.ts: ONE statement that inserts the booking by its client id, takes the
 * seat under the capacity check, writes the audit row and the notification; no BEGIN/COMMIT, since
 * a single statement is atomic), driven straight at the database without HTTP, auth or Node in
 * between: the "physical limit" the server's throughput is compared to. pgbench runs it prepared
 * (-M prepared), as the server does.
 *
 * The statement's parameters are filled here: the booking, slot and customer vary per booking
 * (the holes); the notes are empty, no session is checked (the raw side has no session), the
 * notification gets a fresh id, and the notification kinds are the server's for a customer.
 */
import { BOOK_SEAT_SQL, creationNotice } from '../../server/domain/bookSeat.js'
import { BOOK_SEATS_SQL } from '../../server/domain/bookSeats.js'

export type Hole = 'booking' | 'slot' | 'customer'

const pending = creationNotice('customer', 'PENDING')
const confirmed = creationNotice('customer', 'CONFIRMED')
const quoted = (value: string | undefined) => (value === undefined ? 'NULL' : `'${value}'`)

/** BOOK_SEAT_SQL's parameters, $1..$10, as SQL expressions (holes filled by the caller). */
function parameterExpressions(fill: Record<Hole, string>): string[] {
  return [
    fill.booking,
    fill.customer,
    fill.slot,
    "''",
    'NULL',
    'gen_random_uuid()',
    quoted(pending?.kind),
    quoted(confirmed?.kind),
    quoted(pending?.target),
    quoted(confirmed?.target),
  ]
}

/** `sql` with each $n replaced by the n-th SQL expression of `values`. */
function inlined(sql: string, values: readonly string[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `(${values[Number(n) - 1]})`)
}

function filled(fill: Record<Hole, string>): string {
  return inlined(BOOK_SEAT_SQL, parameterExpressions(fill))
}

/** pgbench wants a statement on one line, so SQL comments (`--` to the end of a line) go first. */
function pgbenchStatement(sql: string): string {
  return `${sql
    .replace(/--[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim()};`
}

/** The statement for `pg`/PGlite: $1 booking, $2 customer, $3 slot. */
export const BOOKING_STATEMENT_PG = filled({ booking: '$1::uuid', customer: '$2::uuid', slot: '$3::uuid' })

/** A pgbench script body: one booking (one statement), ids built from the given SQL expressions. */
export function bookingTransactionForPgbench(fill: Record<Hole, string>): string {
  return pgbenchStatement(filled(fill))
}

/**
 * The push batch's statement (server/domain/bookSeats.ts BOOK_SEATS_SQL) for pgbench: one row per
 * element of `rows`, each with its holes filled by SQL expressions, notes empty, no session checked
 * (as the raw side has none), the notification kinds the server's for a customer.
 */
export function batchBookingForPgbench(rows: readonly Record<Hole, string>[]): string {
  const array = (pick: (row: Record<Hole, string>) => string) => `ARRAY[${rows.map(pick).join(', ')}]`
  return pgbenchStatement(
    inlined(BOOK_SEATS_SQL, [
      array((r) => r.booking),
      array((r) => r.slot),
      `${array(() => "''")}::text[]`,
      array((r) => r.customer),
      quoted(pending?.kind),
      quoted(confirmed?.kind),
      quoted(pending?.target),
      quoted(confirmed?.target),
      `${array(() => 'NULL')}::text[]`,
    ]),
  )
}
