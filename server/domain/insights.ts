/**
 * Provider insights over a period of whole days in the provider's time zone, compared with the
 * previous period of equal length. Everything is computed by ONE SQL statement, so all figures come
 * from one snapshot and the bookings are read once (by the bookings_provider_start index); Node
 * only renames the few aggregated rows. Bookings belong to the period in which their slot starts.
 */
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import {
  type Insights,
  type InsightsQuery,
  LEAD_TIME_BUCKETS,
  type PeriodFigures,
} from '../../shared/insightsSchemas.js'
import { mayManageProviderData } from '../../shared/policy.js'
import type { BookingStatus } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'

/**
 * The CTEs both the figures and the CSV export start from: the provider's zone and the two periods
 * as instants of local midnights (AT TIME ZONE makes a DST day 23 or 25 hours long).
 * Parameters: $1 provider id, $2 first day, $3 last day.
 */
export const PERIODS_CTES = `
  provider AS (SELECT time_zone AS tz FROM users WHERE id = $1),
  periods AS (
    SELECT p.name, p.first_day, p.last_day,
           p.first_day::timestamp AT TIME ZONE provider.tz AS starts,
           (p.last_day + 1)::timestamp AT TIME ZONE provider.tz AS ends
    FROM provider, (VALUES
      ('current', $2::date, $3::date),
      ('previous', $2::date - ($3::date - $2::date + 1), $2::date - 1)
    ) AS p(name, first_day, last_day)
  )`

/** A provider's bookings on slots starting in a period `per` (read from bookings_provider_start). */
export const BOOKINGS_OF_PERIOD =
  'b.provider_id = $1 AND b.start_time >= per.starts AND b.start_time < per.ends'

/**
 * Who cancelled booking `b`: the actor of its 'booking.cancelled' audit row `a` (CANCELLED is final,
 * so there is at most one). A provider cancelling a booking still PENDING declined it.
 */
export const CANCELLED_BY = `CASE WHEN a.actor_id = b.customer_id THEN 'customer'
  WHEN a.actor_id = b.provider_id AND a.before ->> 'status' = 'PENDING' THEN 'provider-declined'
  WHEN a.actor_id = b.provider_id THEN 'provider'
  ELSE 'unknown' END`

/**
 * Every booking figure comes from ONE pass over the periods' bookings (an index-only scan): GROUPING
 * SETS aggregate them per slot, per status and currency, and per lead-time bucket at once. Day,
 * weekday × hour and service follow from the slot, so they are computed per slot (tens of
 * thousands) rather than per booking; the outer SELECT turns each aggregate into JSON.
 */
const INSIGHTS_SQL = `
WITH ${PERIODS_CTES},
  facts AS (
    SELECT per.name AS period, b.slot_id, b.service_id, b.status, b.currency, b.price_minor,
           -- Real elapsed time (a timestamptz difference): a night with a DST change lasts 23 or 25 hours.
           width_bucket(b.start_time - b.created_at, ARRAY[interval '1 hour', interval '24 hours',
             interval '72 hours', interval '168 hours', interval '720 hours']) AS lead_bucket
    FROM periods per JOIN bookings b ON ${BOOKINGS_OF_PERIOD}
    WHERE NOT b.deleted
  ),
  grouped AS (
    SELECT period, slot_id, service_id, status, currency, lead_bucket,
           GROUPING(slot_id) = 0 AS by_slot, GROUPING(status) = 0 AS by_status,
           GROUPING(lead_bucket) = 0 AS by_lead,
           count(*) AS rows,
           sum(price_minor) AS amount,
           count(*) FILTER (WHERE status <> 'REJECTED') AS bookings,
           -- seats a booking holds or held: completing a booking frees the counter, not the fact
           count(*) FILTER (WHERE status IN ('PENDING', 'CONFIRMED', 'COMPLETED')) AS seats,
           coalesce(sum(price_minor) FILTER (WHERE status IN ('PENDING', 'CONFIRMED', 'COMPLETED')), 0) AS revenue
    FROM facts
    -- a slot has one service: adding it to the slot's set costs no groups and saves a join later
    GROUP BY GROUPING SETS ((period, slot_id, service_id, currency), (period, status, currency), (period, lead_bucket))
  ),
  -- Every slot of the periods with its bookings (deleted slots too: their past bookings still count).
  slot_facts AS (
    SELECT per.name AS period, s.service_id, s.deleted, s.blocked, s.max_bookings, s.start_time <= now() AS past,
           s.start_time AT TIME ZONE provider.tz AS local_start,
           coalesce(g.seats, 0) AS seats, coalesce(g.bookings, 0) AS bookings
    FROM provider, periods per
    JOIN slots s ON s.provider_id = $1 AND s.start_time >= per.starts AND s.start_time < per.ends
    LEFT JOIN (SELECT slot_id, sum(seats) AS seats, sum(bookings) AS bookings FROM grouped
               WHERE by_slot GROUP BY slot_id) g ON g.slot_id = s.id
  ),
  utilisation AS (
    SELECT period, past, count(*) AS slots, sum(max_bookings) AS capacity,
           sum(least(seats, max_bookings)) AS used,
           coalesce(sum(max_bookings - least(seats, max_bookings)) FILTER (WHERE NOT blocked), 0) AS open
    FROM slot_facts WHERE NOT deleted GROUP BY period, past
  ),
  daily AS (
    SELECT per.name AS period, d.day, coalesce(sum(f.bookings), 0) AS bookings
    FROM periods per
    CROSS JOIN LATERAL generate_series(0, per.last_day - per.first_day) AS d(day)
    LEFT JOIN slot_facts f ON f.period = per.name AND f.local_start::date = per.first_day + d.day
    GROUP BY per.name, d.day
  ),
  heatmap AS (
    SELECT date_part('isodow', local_start)::int AS weekday, date_part('hour', local_start)::int AS hour,
           sum(bookings) AS bookings
    FROM slot_facts WHERE period = 'current' GROUP BY 1, 2 HAVING sum(bookings) > 0
  ),
  top_services AS (
    SELECT rank() OVER (ORDER BY sum(g.bookings) DESC) AS rank, g.service_id, sv.name,
           sum(g.bookings) AS bookings, g.currency, sum(g.revenue) AS revenue_booked
    FROM grouped g JOIN services sv ON sv.id = g.service_id
    WHERE g.by_slot AND g.period = 'current'
    GROUP BY g.service_id, sv.name, g.currency HAVING sum(g.bookings) > 0
  ),
  cancellations AS (
    SELECT per.name AS period, ${CANCELLED_BY} AS cancelled_by, count(*) AS n
    FROM periods per
    JOIN bookings b ON ${BOOKINGS_OF_PERIOD} AND b.status = 'CANCELLED' AND NOT b.deleted
    LEFT JOIN audit_log a ON a.entity_id = b.id AND a.action = 'booking.cancelled'
    GROUP BY 1, 2
  )
SELECT
  (SELECT tz FROM provider) AS time_zone,
  (SELECT json_agg(json_build_object('period', period, 'status', status, 'currency', currency, 'rows', rows,
     'amount', amount)) FROM grouped WHERE by_status) AS statuses,
  (SELECT json_agg(json_build_object('period', period, 'cancelledBy', cancelled_by, 'count', n))
   FROM cancellations) AS cancellations,
  (SELECT json_agg(json_build_object('period', period, 'past', past, 'slots', slots,
     'capacity', capacity, 'used', used, 'open', open)) FROM utilisation) AS utilisation,
  (SELECT json_agg(json_build_object('period', period, 'bookings', bookings) ORDER BY period, day) FROM daily) AS daily,
  (SELECT json_agg(json_build_object('bucket', lead_bucket, 'bookings', bookings))
   FROM grouped WHERE by_lead AND period = 'current') AS lead_time,
  (SELECT json_agg(json_build_object('weekday', weekday, 'hour', hour, 'bookings', bookings) ORDER BY weekday, hour)
   FROM heatmap) AS heatmap,
  (SELECT json_agg(json_build_object('rank', rank, 'serviceId', service_id, 'name', name, 'bookings', bookings,
     'currency', currency, 'revenueBooked', revenue_booked) ORDER BY rank, name)
   FROM top_services WHERE rank <= 5) AS top_services`

type PeriodName = 'current' | 'previous'

/** JSON aggregates of the statement; json_agg gives null for no rows. */
interface InsightsRow {
  time_zone: string
  statuses:
    | { period: PeriodName; status: BookingStatus; currency: string; rows: number; amount: number }[]
    | null
  cancellations: { period: PeriodName; cancelledBy: string; count: number }[] | null
  utilisation:
    | { period: PeriodName; past: boolean; slots: number; capacity: number; used: number; open: number }[]
    | null
  daily: { period: PeriodName; bookings: number }[]
  lead_time: { bucket: number; bookings: number }[] | null
  heatmap: Insights['heatmap'] | null
  top_services: Insights['topServices'] | null
}

const SEAT_STATUSES: readonly BookingStatus[] = ['PENDING', 'CONFIRMED', 'COMPLETED']

/** Sums a column over the rows of a period that match (a few rows: one per status and currency). */
function total<T extends { period: PeriodName }>(
  rows: readonly T[],
  period: PeriodName,
  value: (row: T) => number,
  where: (row: T) => boolean = () => true,
): number {
  return rows.reduce((sum, row) => (row.period === period && where(row) ? sum + value(row) : sum), 0)
}

/** The figures of one period out of the statement's per-period aggregate rows. */
function periodFigures(
  row: InsightsRow,
  period: PeriodName,
  days: { from: string; to: string },
): PeriodFigures {
  const statuses = row.statuses ?? []
  const count = (where: (s: (typeof statuses)[number]) => boolean) =>
    total(statuses, period, (s) => s.rows, where)
  const cancelled = (by: string) =>
    total(
      row.cancellations ?? [],
      period,
      (c) => c.count,
      (c) => c.cancelledBy === by,
    )
  const slots = (past: boolean) => row.utilisation?.find((u) => u.period === period && u.past === past)
  const past = slots(true) ?? { slots: 0, capacity: 0, used: 0, open: 0 }
  const upcoming = slots(false) ?? { slots: 0, capacity: 0, used: 0, open: 0 }
  const rate = (used: number, capacity: number) => (capacity === 0 ? 0 : used / capacity)
  const currencies = [...new Set(statuses.filter((s) => s.period === period).map((s) => s.currency))].sort()
  const amount = (currency: string, where: (status: BookingStatus) => boolean) =>
    total(
      statuses,
      period,
      (s) => s.amount,
      (s) => s.currency === currency && where(s.status),
    )
  return {
    ...days,
    bookings: count((s) => s.status !== 'REJECTED'),
    completed: count((s) => s.status === 'COMPLETED'),
    rejected: count((s) => s.status === 'REJECTED'),
    cancellations: {
      byCustomer: cancelled('customer'),
      byProvider: cancelled('provider'),
      unknown: cancelled('unknown'),
    },
    declines: cancelled('provider-declined'),
    waitlistPromotions: 0, // counted by PROMOTIONS_SQL, filled in by providerInsights
    utilisation: {
      past: {
        slots: past.slots,
        capacity: past.capacity,
        used: past.used,
        unused: past.capacity - past.used,
        rate: rate(past.used, past.capacity),
      },
      upcoming: {
        slots: upcoming.slots,
        capacity: upcoming.capacity,
        booked: upcoming.used,
        free: upcoming.open,
        rate: rate(upcoming.used, upcoming.capacity),
      },
    },
    revenue: currencies.map((currency) => ({
      currency,
      booked: amount(currency, (status) => SEAT_STATUSES.includes(status)),
      completed: amount(currency, (status) => status === 'COMPLETED'),
      lostToCancellations: amount(currency, (status) => status === 'CANCELLED'),
    })),
  }
}

/** The previous period: as many days as the chosen one, ending the day before it starts. */
export function previousPeriod(query: InsightsQuery): { from: string; to: string } {
  const day = 86_400_000
  const from = Date.parse(`${query.from}T00:00:00Z`)
  const length = Date.parse(`${query.to}T00:00:00Z`) - from + day
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  return { from: iso(from - length), to: iso(from - day) }
}

/**
 * Bookings a waitlist promotion made, per period: counted like every other booking (by the start of
 * their slot), through the promoted entries' index on the booking they produced.
 */
const PROMOTIONS_SQL = `
WITH ${PERIODS_CTES}
SELECT per.name AS period, count(*)::int AS promoted
FROM periods per
JOIN bookings b ON ${BOOKINGS_OF_PERIOD}
JOIN waitlist w ON w.booking_id = b.id AND w.status = 'PROMOTED'
WHERE NOT b.deleted
GROUP BY per.name`

/** Run it inside a transaction (the route does), so the memory setting below stays local to it. */
export async function providerInsights(
  tx: Queryable,
  actor: Actor,
  providerId: string,
  query: InsightsQuery,
): Promise<Outcome<Insights>> {
  if (!mayManageProviderData(actor, providerId)) {
    return refused(ErrorCode.FORBIDDEN, { providerId }, 'Providers see only their own insights.')
  }
  // Enough memory to hash the grouping sets of 100,000s of bookings instead of sorting them
  // (measured: about 20% faster). LOCAL: it ends with the caller's transaction.
  await tx.query("SET LOCAL work_mem = '32MB'")
  const { rows } = await tx.query<InsightsRow>(INSIGHTS_SQL, [providerId, query.from, query.to])
  const row = rows[0] as InsightsRow
  const promotions = await tx.query<{ period: PeriodName; promoted: number }>(PROMOTIONS_SQL, [
    providerId,
    query.from,
    query.to,
  ])
  const promoted = (period: PeriodName) => promotions.rows.find((p) => p.period === period)?.promoted ?? 0
  const leadTime = LEAD_TIME_BUCKETS.map((bucket, i) => ({
    bucket,
    bookings: row.lead_time?.find((l) => l.bucket === i)?.bookings ?? 0,
  }))
  const daily = (period: PeriodName) => row.daily.filter((d) => d.period === period).map((d) => d.bookings)
  return accepted({
    providerId,
    timeZone: row.time_zone,
    current: {
      ...periodFigures(row, 'current', { from: query.from, to: query.to }),
      waitlistPromotions: promoted('current'),
    },
    previous: {
      ...periodFigures(row, 'previous', previousPeriod(query)),
      waitlistPromotions: promoted('previous'),
    },
    daily: { current: daily('current'), previous: daily('previous') },
    leadTime,
    heatmap: row.heatmap ?? [],
    topServices: row.top_services ?? [],
  })
}
