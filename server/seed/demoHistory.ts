/**
 * The demo's past: eight weeks of each provider's regular slots before today, booked by the
 * organisation's customers and a few returning clients, mostly completed, some cancelled (the audit
 * row says by whom, as Insights reads it). Without it a provider trying the demo opened Insights and
 * Stats on a business with no history: every figure zero, every chart flat.
 *
 * Written as rows, not through the domain commands, because those refuse slots in the past, as they
 * must for anything a user asks. What the commands would keep true still holds: a past booking is
 * COMPLETED or CANCELLED, neither of which holds a seat, so every past slot's counter stays 0
 * (invariant 1 in docs/INVARIANTS.md); prices come from the service (the bookings_price trigger);
 * the rows take the organisation of the transaction they are written in (organisationDatabase).
 */
import { randomUUID } from 'node:crypto'
import { TZDate } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import { hashPassword } from '../auth/passwords.js'
import type { Queryable } from '../db/database.js'
import { addMembership } from '../domain/organisations.js'
import { insertUser } from '../domain/users.js'

/** How far back the history goes. */
export const HISTORY_DAYS = 56
/** setseed's argument for the history's random() draws (any value in [-1, 1]). */
const HISTORY_SEED = 0.2026

export interface HistoricService {
  providerId: string
  timeZone: string
  serviceId: string
  durationMinutes: number
  startTimes: readonly string[]
  maxBookings: number
}

/**
 * The service's slots on Monday to Saturday of the HISTORY_DAYS local days before `now`'s, and their
 * bookings: about 6 in 7 slots booked, each to 45–100 % of its seats by distinct customers of
 * `customerIds`; 1 booking in 10 cancelled (2 in 3 of those by the customer), the rest completed;
 * booked between an hour and three weeks ahead. Returns the number of bookings written.
 */
export async function seedServiceHistory(
  tx: Queryable,
  service: HistoricService,
  customerIds: readonly string[],
  now: Date,
): Promise<number> {
  const today = new TZDate(now.getTime(), service.timeZone)
  // The same draws on every run: a demo (and its test) that looks the same each time, never one
  // whose provider happens to have no cancellation of their own this month.
  await tx.query('SELECT setseed($1)', [HISTORY_SEED])
  const { rows } = await tx.query<{ bookings: number }>(HISTORY_SQL, [
    service.providerId,
    service.serviceId,
    customerIds,
    format(addDays(today, -HISTORY_DAYS), 'yyyy-MM-dd'),
    format(addDays(today, -1), 'yyyy-MM-dd'),
    service.durationMinutes,
    service.maxBookings,
    service.startTimes,
    service.timeZone,
  ])
  return rows[0]?.bookings ?? 0
}

/**
 * $1 provider, $2 service, $3 customer ids, $4/$5 first and last local day, $6 duration (minutes),
 * $7 seats, $8 local start times (HH:mm), $9 the provider's zone. random() draws per row: the
 * subqueries that draw are correlated with their slot or booking, so they run again for each.
 */
const HISTORY_SQL = `WITH slot_rows AS (
  INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings)
  SELECT gen_random_uuid(), $1::uuid, $2::uuid, t.at, t.at + make_interval(mins => $6::int), $7::int
  FROM generate_series($4::date, $5::date, interval '1 day') AS d(day)
  CROSS JOIN unnest($8::text[]) AS st(local_start)
  CROSS JOIN LATERAL (SELECT (d.day::date + st.local_start::time) AT TIME ZONE $9::text AS at) t
  WHERE extract(isodow FROM d.day) <= 6
  RETURNING id, start_time, max_bookings
), drawn AS (
  -- Per slot: whether anyone booked it (6 in 7 did), and how many of its seats were taken.
  SELECT s.id, s.start_time, random() < 6.0 / 7 AS booked,
         greatest(1, ceil(s.max_bookings * (0.45 + 0.55 * random())))::int AS taken
  FROM slot_rows s
), booked AS (
  -- Every 10th booking in time order is cancelled, every 3rd of those by the provider: any month of
  -- the history has cancellations by both sides, whatever the draws above gave.
  SELECT d.id AS slot_id, d.start_time, c.customer_id,
         row_number() OVER (ORDER BY d.start_time, c.customer_id) AS n,
         interval '1 minute' * (60 + floor(power(random(), 2) * 60 * 24 * 21)) AS lead
  FROM drawn d
  CROSS JOIN LATERAL (
    SELECT customer_id FROM unnest($3::uuid[]) AS pool(customer_id) ORDER BY random() LIMIT d.taken
  ) c
  WHERE d.booked
), inserted AS (
  INSERT INTO bookings (id, slot_id, provider_id, service_id, customer_id, start_time, status, notes, created_at)
  SELECT gen_random_uuid(), b.slot_id, $1::uuid, $2::uuid, b.customer_id, b.start_time,
         CASE WHEN b.n % 10 = 5 THEN 'CANCELLED' ELSE 'COMPLETED' END, '', b.start_time - b.lead
  FROM booked b
  RETURNING id, slot_id, customer_id, status, created_at, start_time, reference
), cancellations AS (
  INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after, at)
  SELECT CASE WHEN (b.n / 10) % 3 = 0 THEN $1::uuid ELSE i.customer_id END, $1::uuid, 'booking.cancelled',
         'booking', i.id, jsonb_build_object('status', 'CONFIRMED') || i.named,
         jsonb_build_object('status', 'CANCELLED') || i.named,
         i.created_at + (i.start_time - i.created_at) / 2
  FROM (SELECT *, jsonb_build_object('reference', reference, 'startTime', iso_instant(start_time)) AS named
        FROM inserted) i
  JOIN booked b ON b.slot_id = i.slot_id AND b.customer_id = i.customer_id
  WHERE i.status = 'CANCELLED'
)
SELECT count(*)::int AS bookings FROM inserted`

/** Returning clients of each demo organisation: customers in the history who cannot sign in. */
export const RETURNING_CLIENTS: Record<string, readonly string[]> = {
  'weber-physio': [
    'Jonas Becker',
    'Lena Hoffmann',
    'Mehmet Yilmaz',
    'Sophie Wagner',
    'Paul Schneider',
    'Emma Fischer',
  ],
  'ortiz-tutoring': [
    'Olivia Johnson',
    'Liam Brown',
    'Ava Martinez',
    'Ethan Davis',
    'Mia Wilson',
    'Lucas Garcia',
  ],
}

/**
 * The hash every returning client gets, of a random password thrown away: made once per process
 * (the seed should not spend a hash's fraction of a second per organisation on hashes nobody checks).
 */
let unusablePasswordHash: Promise<string> | undefined

/** The organisation's returning clients as customers of it; they cannot sign in. */
export async function addReturningClients(
  tx: Queryable,
  organisationId: string,
  names: readonly string[],
  timeZone: string,
): Promise<string[]> {
  unusablePasswordHash ??= hashPassword(randomUUID())
  const passwordHash = await unusablePasswordHash
  const ids: string[] = []
  for (const name of names) {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@clients.demo.test`
    const user = await insertUser(tx, { email, name, role: 'customer', passwordHash, timeZone })
    await addMembership(tx, organisationId, user.id, 'customer')
    ids.push(user.id)
  }
  return ids
}
