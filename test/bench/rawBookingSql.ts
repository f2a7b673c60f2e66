/**
 * The booking transaction as the server runs it for a successful booking
 * (server/domain/bookings.ts createBooking: one statement that inserts by client id and takes the seat
 * under the capacity check, then an audit row), written out as plain statements so it can be driven
 * straight at the database without HTTP, auth or Node in between: the "physical limit" the server's
 * throughput is compared to.
 *
 * Written once with named holes and rendered for `pg` ($n parameters) or pgbench (SQL expressions).
 */
const STATEMENTS = [
  `WITH inserted AS (
     INSERT INTO bookings AS b (id, slot_id, provider_id, service_id, customer_id, start_time, status, notes)
     SELECT {booking}, s.id, s.provider_id, s.service_id, {customer}, s.start_time,
            CASE WHEN p.auto_confirm THEN 'CONFIRMED' ELSE 'PENDING' END, ''
     FROM slots s JOIN users p ON p.id = s.provider_id
     WHERE s.id = {slot} AND NOT s.deleted AND NOT s.blocked AND s.start_time > now()
       AND s.current_bookings < s.max_bookings
     FOR UPDATE OF s
     ON CONFLICT (id) DO NOTHING
     RETURNING b.id, b.slot_id, b.provider_id
   ), seat AS (
     UPDATE slots SET current_bookings = current_bookings + 1
     WHERE id IN (SELECT slot_id FROM inserted)
     RETURNING id
   )
   SELECT id, provider_id FROM inserted`,
  `INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
   SELECT {customer}, b.provider_id, 'booking.created', 'booking', b.id, NULL, to_jsonb(b) FROM bookings b WHERE b.id = {booking}`,
]

export type Hole = 'booking' | 'slot' | 'customer'
const HOLE = /\{(booking|slot|customer)\}/g

/** A statement for `pg`/PGlite: `$n` is the n-th entry of `holes`. */
export interface PgStatement {
  sql: string
  holes: Hole[]
}

function forPg(sql: string): PgStatement {
  const holes: Hole[] = []
  const text = sql.replace(HOLE, (_, hole: Hole) => {
    if (!holes.includes(hole)) holes.push(hole)
    return `$${holes.indexOf(hole) + 1}::uuid`
  })
  return { sql: text, holes }
}

export const BOOKING_STATEMENTS_PG: PgStatement[] = STATEMENTS.map(forPg)

/** A pgbench script body: one booking transaction, ids built from the given SQL expressions. */
export function bookingTransactionForPgbench(fill: Record<Hole, string>): string {
  const oneLine = (sql: string) =>
    `${sql
      .replace(HOLE, (_, hole: Hole) => fill[hole])
      .replace(/\s+/g, ' ')
      .trim()};`
  return ['BEGIN;', ...STATEMENTS.map(oneLine), 'COMMIT;'].join('\n')
}
