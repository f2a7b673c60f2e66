/**
 * Provider insights over a period of whole days in the provider's time zone, compared with the
 * previous period of equal length. Everything is computed by ONE SQL statement, so all figures come
 * from one snapshot and the bookings are read once (by the bookings_provider_start index); Node
 * only renames the few aggregated rows. Bookings belong to the period in which their slot starts.
 */
import { ErrorCode } from '../../shared/errors.js'
import {
  type Insights,
  type InsightsQuery,
  LEAD_TIME_BUCKETS,
  type PeriodFigures,
} from '../../shared/insightsSchemas.js'
import { mayManageProviderData } from '../../shared/providerOwnership.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { type Outcome, accepted, refused } from './outcome.js'

/**
 * The CTEs both the figures and the CSV export start from: the provider's zone, the two periods as
 * instants of local midnights (AT TIME ZONE makes a DST day 23 or 25 hours long), the bookings on
 * slots starting in them, and who cancelled each cancelled booking (the actor of its audit row).
 * Parameters: $1 provider id, $2 first day, $3 last day.
 */
export const PERIOD_BOOKINGS_CTES = `
  provider AS (SELECT time_zone AS tz FROM users WHERE id = $1),
  periods AS (
    SELECT p.name, p.first_day, p.last_day,
           p.first_day::timestamp AT TIME ZONE provider.tz AS starts,
           (p.last_day + 1)::timestamp AT TIME ZONE provider.tz AS ends
    FROM provider, (VALUES
      ('current', $2::date, $3::date),
      ('previous', $2::date - ($3::date - $2::date + 1), $2::date - 1)
    ) AS p(name, first_day, last_day)
  ),
  booked AS MATERIALIZED (
    SELECT per.name AS period, b.id, b.slot_id, b.service_id, b.customer_id, b.status,
           b.start_time, b.created_at, b.price_minor, b.currency
    FROM periods per
    JOIN bookings b ON b.provider_id = $1 AND b.start_time >= per.starts AND b.start_time < per.ends
    WHERE NOT b.deleted
  ),
  cancelled AS (
    SELECT bk.id,
           CASE WHEN a.actor_id = bk.customer_id THEN 'customer'
                WHEN a.actor_id = $1 AND a.before ->> 'status' = 'PENDING' THEN 'provider-declined'
                WHEN a.actor_id = $1 THEN 'provider'
                ELSE 'unknown' END AS cancelled_by
    FROM booked bk
    LEFT JOIN LATERAL (
      SELECT actor_id, before FROM audit_log
      WHERE entity_id = bk.id AND action = 'booking.cancelled'
      ORDER BY id DESC LIMIT 1
    ) a ON true
    WHERE bk.status = 'CANCELLED'
  )`

const INSIGHTS_SQL = `
WITH ${PERIOD_BOOKINGS_CTES},
  counts AS (
    SELECT per.name AS period,
           count(bk.id) FILTER (WHERE bk.status <> 'REJECTED') AS bookings,
           count(bk.id) FILTER (WHERE bk.status = 'COMPLETED') AS completed,
           count(bk.id) FILTER (WHERE bk.status = 'REJECTED') AS rejected,
           count(c.id) FILTER (WHERE c.cancelled_by = 'customer') AS by_customer,
           count(c.id) FILTER (WHERE c.cancelled_by = 'provider') AS by_provider,
           count(c.id) FILTER (WHERE c.cancelled_by = 'unknown') AS by_unknown,
           count(c.id) FILTER (WHERE c.cancelled_by = 'provider-declined') AS declines
    FROM periods per
    LEFT JOIN booked bk ON bk.period = per.name
    LEFT JOIN cancelled c ON c.id = bk.id
    GROUP BY per.name
  ),
  revenue AS (
    SELECT period, currency,
           coalesce(sum(price_minor) FILTER (WHERE status IN ('PENDING', 'CONFIRMED', 'COMPLETED')), 0) AS booked,
           coalesce(sum(price_minor) FILTER (WHERE status = 'COMPLETED'), 0) AS completed,
           coalesce(sum(price_minor) FILTER (WHERE status = 'CANCELLED'), 0) AS lost
    FROM booked GROUP BY period, currency
  ),
  -- Seats in use per slot: bookings holding a seat plus completed ones (completing frees the counter).
  seats_used AS (
    SELECT slot_id, count(*) AS used FROM booked
    WHERE status IN ('PENDING', 'CONFIRMED', 'COMPLETED') GROUP BY slot_id
  ),
  slot_use AS (
    SELECT per.name AS period, s.start_time <= now() AS past, s.blocked, s.max_bookings,
           least(coalesce(u.used, 0), s.max_bookings) AS used
    FROM periods per
    JOIN slots s ON s.provider_id = $1 AND s.start_time >= per.starts AND s.start_time < per.ends AND NOT s.deleted
    LEFT JOIN seats_used u ON u.slot_id = s.id
  ),
  utilisation AS (
    SELECT period, past, count(*) AS slots, sum(max_bookings) AS capacity, sum(used) AS used,
           coalesce(sum(max_bookings - used) FILTER (WHERE NOT blocked), 0) AS open
    FROM slot_use GROUP BY period, past
  ),
  daily AS (
    SELECT per.name AS period, d.day, count(bk.id) FILTER (WHERE bk.status <> 'REJECTED') AS bookings
    FROM periods per
    CROSS JOIN LATERAL generate_series(0, per.last_day - per.first_day) AS d(day)
    LEFT JOIN booked bk ON bk.period = per.name
      AND (bk.start_time AT TIME ZONE (SELECT tz FROM provider))::date = per.first_day + d.day
    GROUP BY per.name, d.day
  ),
  current_booked AS (SELECT * FROM booked WHERE period = 'current' AND status <> 'REJECTED'),
  lead_time AS (
    -- Real elapsed time (timestamptz difference), so a night with a DST change counts 23 or 25 hours.
    SELECT width_bucket(extract(epoch FROM start_time - created_at) / 3600, ARRAY[1, 24, 72, 168, 720]::float8[]) AS bucket,
           count(*) AS bookings
    FROM current_booked GROUP BY 1
  ),
  heatmap AS (
    SELECT extract(isodow FROM local_start)::int AS weekday, extract(hour FROM local_start)::int AS hour,
           count(*) AS bookings
    FROM (SELECT start_time AT TIME ZONE (SELECT tz FROM provider) AS local_start FROM current_booked) l
    GROUP BY 1, 2
  ),
  top_services AS (
    SELECT rank() OVER (ORDER BY count(*) DESC) AS rank, bk.service_id, sv.name, count(*) AS bookings,
           bk.currency, coalesce(sum(bk.price_minor) FILTER (WHERE bk.status <> 'CANCELLED'), 0) AS revenue_booked
    FROM current_booked bk JOIN services sv ON sv.id = bk.service_id
    GROUP BY bk.service_id, sv.name, bk.currency
  )
SELECT
  (SELECT tz FROM provider) AS time_zone,
  (SELECT json_agg(json_build_object('period', period, 'bookings', bookings, 'completed', completed,
     'rejected', rejected, 'byCustomer', by_customer, 'byProvider', by_provider, 'byUnknown', by_unknown,
     'declines', declines)) FROM counts) AS counts,
  (SELECT coalesce(json_agg(json_build_object('period', period, 'currency', currency, 'booked', booked,
     'completed', completed, 'lost', lost) ORDER BY currency), '[]') FROM revenue) AS revenue,
  (SELECT coalesce(json_agg(json_build_object('period', period, 'past', past, 'slots', slots,
     'capacity', capacity, 'used', used, 'open', open)), '[]') FROM utilisation) AS utilisation,
  (SELECT json_agg(json_build_object('period', period, 'bookings', bookings) ORDER BY period, day) FROM daily) AS daily,
  (SELECT coalesce(json_agg(json_build_object('bucket', bucket, 'bookings', bookings)), '[]') FROM lead_time) AS lead_time,
  (SELECT coalesce(json_agg(json_build_object('weekday', weekday, 'hour', hour, 'bookings', bookings)
     ORDER BY weekday, hour), '[]') FROM heatmap) AS heatmap,
  (SELECT coalesce(json_agg(json_build_object('rank', rank, 'serviceId', service_id, 'name', name,
     'bookings', bookings, 'currency', currency, 'revenueBooked', revenue_booked) ORDER BY rank, name), '[]')
   FROM top_services WHERE rank <= 5) AS top_services`

interface InsightsRow {
  time_zone: string
  counts: {
    period: string
    bookings: number
    completed: number
    rejected: number
    byCustomer: number
    byProvider: number
    byUnknown: number
    declines: number
  }[]
  revenue: { period: string; currency: string; booked: number; completed: number; lost: number }[]
  utilisation: {
    period: string
    past: boolean
    slots: number
    capacity: number
    used: number
    open: number
  }[]
  daily: { period: string; bookings: number }[]
  lead_time: { bucket: number; bookings: number }[]
  heatmap: Insights['heatmap']
  top_services: Insights['topServices']
}

type PeriodName = 'current' | 'previous'

/** The figures of one period out of the statement's per-period rows. */
function periodFigures(
  row: InsightsRow,
  period: PeriodName,
  days: { from: string; to: string },
): PeriodFigures {
  const counts = row.counts.find((c) => c.period === period)
  const slots = (past: boolean) => row.utilisation.find((u) => u.period === period && u.past === past)
  const past = slots(true)
  const upcoming = slots(false)
  const rate = (used: number, capacity: number) => (capacity === 0 ? 0 : used / capacity)
  return {
    ...days,
    bookings: counts?.bookings ?? 0,
    completed: counts?.completed ?? 0,
    rejected: counts?.rejected ?? 0,
    cancellations: {
      byCustomer: counts?.byCustomer ?? 0,
      byProvider: counts?.byProvider ?? 0,
      unknown: counts?.byUnknown ?? 0,
    },
    declines: counts?.declines ?? 0,
    waitlistPromotions: 0,
    utilisation: {
      past: {
        slots: past?.slots ?? 0,
        capacity: past?.capacity ?? 0,
        used: past?.used ?? 0,
        unused: (past?.capacity ?? 0) - (past?.used ?? 0),
        rate: rate(past?.used ?? 0, past?.capacity ?? 0),
      },
      upcoming: {
        slots: upcoming?.slots ?? 0,
        capacity: upcoming?.capacity ?? 0,
        booked: upcoming?.used ?? 0,
        free: upcoming?.open ?? 0,
        rate: rate(upcoming?.used ?? 0, upcoming?.capacity ?? 0),
      },
    },
    revenue: row.revenue
      .filter((r) => r.period === period)
      .map((r) => ({
        currency: r.currency,
        booked: r.booked,
        completed: r.completed,
        lostToCancellations: r.lost,
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

export async function providerInsights(
  tx: Queryable,
  actor: Actor,
  providerId: string,
  query: InsightsQuery,
): Promise<Outcome<Insights>> {
  if (!mayManageProviderData(actor, providerId)) {
    return refused(ErrorCode.FORBIDDEN, 'Providers see only their own insights.', { providerId })
  }
  const { rows } = await tx.query<InsightsRow>(INSIGHTS_SQL, [providerId, query.from, query.to])
  const row = rows[0] as InsightsRow
  const leadTime = LEAD_TIME_BUCKETS.map((bucket, i) => ({
    bucket,
    bookings: row.lead_time.find((l) => l.bucket === i)?.bookings ?? 0,
  }))
  const daily = (period: PeriodName) => row.daily.filter((d) => d.period === period).map((d) => d.bookings)
  return accepted({
    providerId,
    timeZone: row.time_zone,
    current: periodFigures(row, 'current', { from: query.from, to: query.to }),
    previous: periodFigures(row, 'previous', previousPeriod(query)),
    daily: { current: daily('current'), previous: daily('previous') },
    leadTime,
    heatmap: row.heatmap,
    topServices: row.top_services,
  })
}
