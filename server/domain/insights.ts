/**
 * Provider insights over a period of whole days in the provider's time zone, compared with the
 * previous period of equal length. Everything is computed by ONE SQL statement, so all figures come
 * from one snapshot: the bookings of slots that closed a while ago come aggregated per group from
 * the rollup the maintenance job keeps (insightsRollup.ts), the others (recent and upcoming slots,
 * groups written since the rollup's refresh) from the bookings themselves, by the
 * bookings_provider_start index. Node only renames the few aggregated rows. Bookings belong to the
 * period in which their slot starts.
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
import {
  BOOKINGS_OF_GROUP,
  DECLINED_VALUE_COLUMN,
  FIGURE_COLUMNS,
  FIGURES_BY_CANCELLER,
  FIGURES_BY_HOUR,
  FIGURES_BY_LEAD_BUCKET,
  FIGURES_BY_STATUS,
  PENDING_REVENUE_OF_GROUP,
  REVENUE_OF_GROUP,
  SLOT_FIGURE_COLUMNS,
  SUMMED_FIGURES,
  SUMMED_HOURS,
  localDay,
} from './insightsGroups.js'
import { CHANGED_STARTS, LOCAL_SETTINGS, ROLLUP_STATE, dayFiguresCtes } from './insightsRollup.js'

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
 * A rollup table's rows for the periods' closed days that nothing changed since the refresh, then
 * the same figures computed live (`live`) for the other days. `columns` are the table's (or constants).
 */
function rolledUpThenLive(table: string, columns: readonly string[], live: string): string {
  const selected = columns.map((c) => (c.includes(' ') ? c : `g.${c}`)).join(', ')
  return `
    SELECT per.name AS period, g.day, ${selected}
    FROM periods per CROSS JOIN rolled_up_days r
    JOIN ${table} g ON g.organisation_id = app_current_organisation() AND g.provider_id = $1
      AND g.day >= per.first_day AND g.day <= per.last_day AND g.day < r.before
    WHERE g.day NOT IN (SELECT day FROM stale_days)
    UNION ALL
    SELECT * FROM ${live}
  `
}

/**
 * The figures are sums over days: per local day the bookings per service and currency and the
 * utilisation of the slots (insightsGroups.ts). Days that ended before the rollup's closed_before
 * come from the rollup tables, unless a booking or slot on them changed since its refresh
 * (CHANGED_STARTS); the other days (recent and upcoming ones, changed ones) are aggregated here from
 * their bookings and slots with the same SQL (dayFiguresCtes; insightsRollup.ts says why no change
 * can be missed). The outer SELECT turns each aggregate into JSON.
 */
const INSIGHTS_SQL = `
WITH ${PERIODS_CTES},
  rollup_state AS (${ROLLUP_STATE}),
  -- without a rollup in the provider's zone (before the first refresh) every day is read live
  rollup_bounds AS (
    SELECT coalesce((SELECT r.closed_before FROM rollup_state r, provider WHERE r.time_zone = provider.tz),
                    '-infinity') AS closed_before
  ),
  rolled_up_days AS (SELECT ${localDay('closed_before')} AS before FROM provider, rollup_bounds),
  stale_days AS (
    SELECT DISTINCT ${localDay('t.start_time')} AS day FROM (${CHANGED_STARTS}) t, provider, rollup_bounds r
    WHERE t.start_time < r.closed_before
  ),
  -- what is read live: from closed_before on, and the stale days, in each period
  live_ranges AS (
    SELECT per.name AS period, greatest(per.starts, r.closed_before) AS starts, per.ends
    FROM periods per, rollup_bounds r WHERE greatest(per.starts, r.closed_before) < per.ends
    UNION ALL
    SELECT per.name, d.day::timestamp AT TIME ZONE provider.tz, (d.day + 1)::timestamp AT TIME ZONE provider.tz
    FROM provider, periods per JOIN stale_days d ON d.day BETWEEN per.first_day AND per.last_day
  ),
  ${dayFiguresCtes('live', 'live_ranges')},
  day_bookings AS (${rolledUpThenLive('insights_day_bookings', ['service_id', 'currency', ...FIGURE_COLUMNS], 'live_bookings')}),
  day_slots AS (${rolledUpThenLive('insights_day_slots', ['true AS past', ...SLOT_FIGURE_COLUMNS], 'live_slots')}),
  totals AS (SELECT g.period, g.currency, ${SUMMED_FIGURES} FROM day_bookings g GROUP BY g.period, g.currency),
  utilisation AS (
    SELECT period, past, sum(slots) AS slots, sum(capacity) AS capacity, sum(used) AS used, sum(open) AS open
    FROM day_slots GROUP BY period, past
  ),
  daily AS (
    SELECT per.name AS period, d.day, coalesce(sum(${BOOKINGS_OF_GROUP}), 0) AS bookings
    FROM periods per
    CROSS JOIN LATERAL generate_series(0, per.last_day - per.first_day) AS d(day)
    LEFT JOIN day_bookings g ON g.period = per.name AND g.day = per.first_day + d.day
    GROUP BY per.name, d.day
  ),
  weekdays AS (
    SELECT extract(isodow FROM g.day)::int AS weekday, ${SUMMED_HOURS}
    FROM day_bookings g WHERE g.period = 'current' GROUP BY 1
  ),
  heatmap AS (
    SELECT w.weekday, h.hour, h.bookings
    FROM weekdays w CROSS JOIN LATERAL ${FIGURES_BY_HOUR} AS h(hour, bookings)
    WHERE h.bookings > 0
  ),
  top_services AS (
    SELECT rank() OVER (ORDER BY sum(${BOOKINGS_OF_GROUP}) DESC) AS rank, g.service_id, sv.name,
           sum(${BOOKINGS_OF_GROUP}) AS bookings, g.currency, sum(${REVENUE_OF_GROUP}) AS revenue_booked,
           sum(${PENDING_REVENUE_OF_GROUP}) AS revenue_pending
    FROM day_bookings g JOIN services sv ON sv.id = g.service_id
    WHERE g.period = 'current'
    GROUP BY g.service_id, sv.name, g.currency HAVING sum(${BOOKINGS_OF_GROUP}) > 0
  ),
  statuses AS (
    SELECT t.period, s.status, t.currency, s.bookings AS rows, s.amount
    FROM totals t CROSS JOIN LATERAL ${FIGURES_BY_STATUS} AS s(status, bookings, amount)
    WHERE s.bookings > 0
  ),
  declined_values AS (
    SELECT period, currency, ${DECLINED_VALUE_COLUMN} AS amount FROM totals WHERE ${DECLINED_VALUE_COLUMN} > 0
  ),
  cancellations AS (
    SELECT t.period, c.cancelled_by, sum(c.n) AS n
    FROM totals t CROSS JOIN LATERAL ${FIGURES_BY_CANCELLER} AS c(cancelled_by, n)
    GROUP BY 1, 2 HAVING sum(c.n) > 0
  ),
  lead_time AS (
    SELECT l.bucket, sum(l.bookings) AS bookings
    FROM totals t CROSS JOIN LATERAL ${FIGURES_BY_LEAD_BUCKET} AS l(bucket, bookings)
    WHERE t.period = 'current' GROUP BY l.bucket
  )
SELECT
  (SELECT tz FROM provider) AS time_zone,
  (SELECT json_agg(json_build_object('period', period, 'status', status, 'currency', currency, 'rows', rows,
     'amount', amount)) FROM statuses) AS statuses,
  (SELECT json_agg(json_build_object('period', period, 'currency', currency, 'amount', amount))
   FROM declined_values) AS declined_values,
  (SELECT json_agg(json_build_object('period', period, 'cancelledBy', cancelled_by, 'count', n))
   FROM cancellations) AS cancellations,
  (SELECT json_agg(json_build_object('period', period, 'past', past, 'slots', slots,
     'capacity', capacity, 'used', used, 'open', open)) FROM utilisation) AS utilisation,
  (SELECT json_agg(json_build_object('period', period, 'bookings', bookings) ORDER BY period, day) FROM daily) AS daily,
  (SELECT json_agg(json_build_object('bucket', bucket, 'bookings', bookings)) FROM lead_time) AS lead_time,
  (SELECT json_agg(json_build_object('weekday', weekday, 'hour', hour, 'bookings', bookings) ORDER BY weekday, hour)
   FROM heatmap) AS heatmap,
  (SELECT json_agg(json_build_object('rank', rank, 'serviceId', service_id, 'name', name, 'bookings', bookings,
     'currency', currency, 'revenueBooked', revenue_booked, 'revenuePending', revenue_pending) ORDER BY rank, name, currency, service_id)
   FROM top_services WHERE rank <= 5) AS top_services`

type PeriodName = 'current' | 'previous'

/** JSON aggregates of the statement; json_agg gives null for no rows. */
interface InsightsRow {
  time_zone: string
  statuses:
    | { period: PeriodName; status: BookingStatus; currency: string; rows: number; amount: number }[]
    | null
  /** Per currency, the prices of the requests the provider declined (CANCELLED too). */
  declined_values: { period: PeriodName; currency: string; amount: number }[] | null
  cancellations: { period: PeriodName; cancelledBy: string; count: number }[] | null
  utilisation:
    | { period: PeriodName; past: boolean; slots: number; capacity: number; used: number; open: number }[]
    | null
  daily: { period: PeriodName; bookings: number }[]
  lead_time: { bucket: number; bookings: number }[] | null
  heatmap: Insights['heatmap'] | null
  top_services: Insights['topServices'] | null
}

/** Sums a column over the rows of a period that match (a few rows: one per status and currency). */
function total<T extends { period: PeriodName }>(
  rows: readonly T[],
  period: PeriodName,
  value: (row: T) => number,
  where: (row: T) => boolean = () => true,
): number {
  return rows.reduce((sum, row) => (row.period === period && where(row) ? sum + value(row) : sum), 0)
}

/**
 * The statuses whose prices are revenue booked: the bookings the provider accepted. A PENDING request
 * holds a seat but may still be declined, so its price is said apart (Revenue.pending), as
 * REVENUE_OF_GROUP does for the top services.
 */
const BOOKED_REVENUE: readonly BookingStatus[] = ['CONFIRMED', 'COMPLETED']

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
  const declinedValue = (currency: string) =>
    total(
      row.declined_values ?? [],
      period,
      (d) => d.amount,
      (d) => d.currency === currency,
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
      booked: amount(currency, (status) => BOOKED_REVENUE.includes(status)),
      pending: amount(currency, (status) => status === 'PENDING'),
      pendingRequests: count((s) => s.currency === currency && s.status === 'PENDING'),
      completed: amount(currency, (status) => status === 'COMPLETED'),
      // A declined request never held revenue: it is told apart, not lost.
      lostToCancellations: amount(currency, (status) => status === 'CANCELLED') - declinedValue(currency),
      declined: declinedValue(currency),
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

/** Run it inside a transaction (the route does), so LOCAL_SETTINGS stay local to it. */
export async function providerInsights(
  tx: Queryable,
  actor: Actor,
  providerId: string,
  query: InsightsQuery,
): Promise<Outcome<Insights>> {
  if (!mayManageProviderData(actor, providerId)) {
    return refused(ErrorCode.FORBIDDEN, { providerId }, 'Providers see only their own insights.')
  }
  await tx.query(LOCAL_SETTINGS)
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
