/**
 * What insights count about a provider's day, as SQL fragments: the bookings of a local day per
 * service and currency (DAY_BOOKING_FIGURES) and the utilisation of its slots (DAY_SLOT_FIGURES).
 * The live read and the rollup's refresh aggregate with the same expressions, so a day's figures
 * are the same whichever of the two computed them.
 */
import { SEAT_USING_STATUSES } from '../../shared/availability.js'
import { LEAD_TIME_BUCKETS } from '../../shared/insightsSchemas.js'
import type { BookingStatus } from '../../shared/schemas.js'
import { statusListSql } from './bookingRows.js'

/**
 * Who cancelled booking `b`: the actor of its 'booking.cancelled' audit row `a` (CANCELLED is final,
 * so there is at most one). A provider cancelling a booking still PENDING declined it.
 */
export const CANCELLED_BY = `CASE WHEN a.actor_id = b.customer_id THEN 'customer'
  WHEN a.actor_id = b.provider_id AND a.before ->> 'status' = 'PENDING' THEN 'provider-declined'
  WHEN a.actor_id = b.provider_id THEN 'provider'
  ELSE 'unknown' END`

/** Lead time of booking `b` in real elapsed time (a night with a DST change lasts 23 or 25 hours). */
const LEAD_BUCKET = `width_bucket(b.start_time - b.created_at, ARRAY[interval '1 hour', interval '24 hours',
  interval '72 hours', interval '168 hours', interval '720 hours'])`

/**
 * Joined to bookings `b` (and `provider`): `c.cancelled_by` of a CANCELLED booking with an audit row
 * (looked up for those only, by the audit_booking_cancelled index), null otherwise; and `f.lead_bucket`
 * and `f.hour`, the local hour of the start, computed once per booking (OFFSET 0 keeps the planner
 * from copying the expressions into every FILTER that reads them: 24 time zone conversions a booking).
 */
export const FACTS_OF_BOOKING = `LEFT JOIN LATERAL (
    SELECT ${CANCELLED_BY} AS cancelled_by FROM audit_log a
    WHERE b.status = 'CANCELLED' AND a.organisation_id = b.organisation_id AND a.entity_id = b.id
      AND a.action = 'booking.cancelled'
    LIMIT 1
  ) c ON true
  CROSS JOIN LATERAL (
    SELECT ${LEAD_BUCKET} AS lead_bucket, extract(hour FROM b.start_time AT TIME ZONE provider.tz)::int AS hour
    OFFSET 0
  ) f`

const STATUS_COLUMNS: Readonly<Record<BookingStatus, string>> = {
  PENDING: 'pending',
  CONFIRMED: 'confirmed',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
  REJECTED: 'rejected',
}
const statuses = Object.entries(STATUS_COLUMNS) as [BookingStatus, string][]

/** The ways a cancellation is counted (CANCELLED_BY's answers) and their columns. */
export const CANCELLER_COLUMNS = {
  customer: 'cancelled_by_customer',
  provider: 'cancelled_by_provider',
  'provider-declined': 'declined_by_provider',
  unknown: 'cancelled_by_unknown',
} as const

const leadColumns = LEAD_TIME_BUCKETS.map((_, i) => `lead_${i}`)

const hourColumns = Array.from({ length: 24 }, (_, hour) => `hour_${hour}`)

/**
 * The sum of the prices of the declined requests (CANCELLED too): what the revenue tells apart from
 * the cancelled bookings' value, since a declined request never held revenue (migration 029).
 */
export const DECLINED_VALUE_COLUMN = 'declined_by_provider_minor'

/** The figure columns of insights_day_bookings (migrations 020 and 029), in DAY_BOOKING_FIGURES's order. */
export const FIGURE_COLUMNS: readonly string[] = [
  ...statuses.map(([, column]) => column),
  ...statuses.map(([, column]) => `${column}_minor`),
  ...leadColumns,
  ...Object.values(CANCELLER_COLUMNS),
  ...hourColumns,
  DECLINED_VALUE_COLUMN,
]

/** The local day of a start `t` in the provider's zone (`provider.tz`). */
export const localDay = (t: string) => `((${t}) AT TIME ZONE provider.tz)::date`

/**
 * The figures of a group of bookings `b` (joined with FACTS_OF_BOOKING): per status the bookings
 * and the sum of the prices they were made at, the non-refused bookings per lead-time bucket, the
 * cancellations by who cancelled, the non-refused bookings per local hour of the start (the
 * heatmap's) and the value of the declined requests. Aliased as FIGURE_COLUMNS.
 */
export const DAY_BOOKING_FIGURES = [
  ...statuses.map(([status, column]) => `count(*) FILTER (WHERE b.status = '${status}')::int AS ${column}`),
  ...statuses.map(
    ([status, column]) =>
      `coalesce(sum(b.price_minor) FILTER (WHERE b.status = '${status}'), 0)::bigint AS ${column}_minor`,
  ),
  ...leadColumns.map(
    (column, i) =>
      `count(*) FILTER (WHERE b.status <> 'REJECTED' AND f.lead_bucket = ${i})::int AS ${column}`,
  ),
  ...Object.entries(CANCELLER_COLUMNS).map(
    ([who, column]) =>
      `count(*) FILTER (WHERE b.status = 'CANCELLED' AND coalesce(c.cancelled_by, 'unknown') = '${who}')::int AS ${column}`,
  ),
  ...hourColumns.map(
    (column, hour) => `count(*) FILTER (WHERE b.status <> 'REJECTED' AND f.hour = ${hour})::int AS ${column}`,
  ),
  `coalesce(sum(b.price_minor) FILTER (WHERE b.status = 'CANCELLED' AND c.cancelled_by = 'provider-declined'), 0)::bigint AS ${DECLINED_VALUE_COLUMN}`,
].join(',\n  ')

/**
 * The utilisation of a group of slots `s` that are not deleted, each with `seats`, the bookings on
 * it that hold or held a seat (completing a booking frees the counter, not the fact).
 */
export const DAY_SLOT_FIGURES = `count(*)::int AS slots, sum(s.max_bookings)::int AS capacity,
  sum(least(s.seats, s.max_bookings))::int AS used,
  coalesce(sum(s.max_bookings - least(s.seats, s.max_bookings)) FILTER (WHERE NOT s.blocked), 0)::int AS open`

/** The bookings `b` of a slot that hold or held a seat (count(*) FILTER): shared SEAT_USING_STATUSES. */
export const SEAT_HOLDING = `b.status IN (${statusListSql(SEAT_USING_STATUSES)})`

/** The columns of DAY_SLOT_FIGURES. */
export const SLOT_FIGURE_COLUMNS = ['slots', 'capacity', 'used', 'open'] as const

/** Sums of the figure columns of rows `g`, aliased as FIGURE_COLUMNS. */
export const SUMMED_FIGURES = FIGURE_COLUMNS.map((column) => `sum(g.${column}) AS ${column}`).join(', ')

/** Sums of the hour columns of rows `g`, aliased as they are. */
export const SUMMED_HOURS = hourColumns.map((column) => `sum(g.${column}) AS ${column}`).join(', ')

/** Per status of a row of summed figures: (status, bookings, amount). */
export const FIGURES_BY_STATUS = `(VALUES ${statuses
  .map(([status, column]) => `('${status}', ${column}, ${column}_minor)`)
  .join(', ')})`

/** Per lead-time bucket of a row of summed figures: (bucket, bookings). */
export const FIGURES_BY_LEAD_BUCKET = `(VALUES ${leadColumns.map((column, i) => `(${i}, ${column})`).join(', ')})`

/** Per local hour of a row of summed figures: (hour, bookings). */
export const FIGURES_BY_HOUR = `(VALUES ${hourColumns.map((column, hour) => `(${hour}, ${column})`).join(', ')})`

/** Per canceller of a row of summed figures: (cancelled_by, cancellations). */
export const FIGURES_BY_CANCELLER = `(VALUES ${Object.entries(CANCELLER_COLUMNS)
  .map(([who, column]) => `('${who}', ${column})`)
  .join(', ')})`

/** Bookings that were made (every status but REJECTED). */
export const BOOKINGS_OF_GROUP = '(g.pending + g.confirmed + g.completed + g.cancelled)'
/**
 * Revenue booked: the prices of the bookings the provider accepted (confirmed, completed). A request
 * still PENDING holds a seat but is no revenue until accepted: it is told apart (PENDING_REVENUE_OF_GROUP).
 */
export const REVENUE_OF_GROUP = '(g.confirmed_minor + g.completed_minor)'
/** The prices of the requests awaiting the provider's answer. */
export const PENDING_REVENUE_OF_GROUP = 'g.pending_minor'
