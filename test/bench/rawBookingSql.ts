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

function filled(fill: Record<Hole, string>): string {
  const values = parameterExpressions(fill)
  return BOOK_SEAT_SQL.replace(/\$(\d+)/g, (_, n: string) => `(${values[Number(n) - 1]})`)
}

/** The statement for `pg`/PGlite: $1 booking, $2 customer, $3 slot. */
export const BOOKING_STATEMENT_PG = filled({ booking: '$1::uuid', customer: '$2::uuid', slot: '$3::uuid' })

/**
 * A pgbench script body: one booking (one statement), ids built from the given SQL expressions. pgbench
 * wants the statement on one line, so SQL comments (`--` to the end of a line) go first.
 */
export function bookingTransactionForPgbench(fill: Record<Hole, string>): string {
  return `${filled(fill).replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim()};`
}
