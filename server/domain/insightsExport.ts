/**
 * The rows behind a provider's insights, for CSV export: one per booking on a slot starting in the
 * chosen period (the same selection as the figures, from the same CTEs), oldest slot first.
 */
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import type { InsightsQuery } from '../../shared/insightsSchemas.js'
import { mayManageProviderData } from '../../shared/policy.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { BOOKINGS_OF_PERIOD, PERIODS_CTES } from './insights.js'
import { CANCELLED_BY } from './insightsGroups.js'
import { isoInstant } from './rowValues.js'

export interface InsightsExportRow {
  reference: string
  bookingId: string
  service: string
  customer: string
  /** Slot start as wall-clock time in the provider's zone, e.g. 2026-03-29T09:00. */
  slotStartLocal: string
  slotStartUtc: string
  bookedAtUtc: string
  leadTimeHours: number
  status: string
  cancelledBy: string
  priceMinor: number
  currency: string
}

const EXPORT_SQL = `
WITH ${PERIODS_CTES}
SELECT b.reference, b.id, sv.name AS service, u.name AS customer,
       to_char(b.start_time AT TIME ZONE provider.tz, 'YYYY-MM-DD"T"HH24:MI') AS start_local,
       b.start_time, b.created_at,
       round(extract(epoch FROM b.start_time - b.created_at) / 3600, 2)::float8 AS lead_hours,
       b.status, CASE WHEN b.status = 'CANCELLED' THEN ${CANCELLED_BY} ELSE '' END AS cancelled_by,
       b.price_minor, b.currency
FROM provider, periods per
JOIN bookings b ON ${BOOKINGS_OF_PERIOD}
JOIN services sv ON sv.id = b.service_id
JOIN users u ON u.id = b.customer_id
LEFT JOIN audit_log a ON b.status = 'CANCELLED' AND a.entity_id = b.id AND a.action = 'booking.cancelled'
WHERE per.name = 'current' AND NOT b.deleted
ORDER BY b.start_time, b.created_at, b.id`

interface ExportRow {
  reference: string
  id: string
  service: string
  customer: string
  start_local: string
  start_time: Date
  created_at: Date
  lead_hours: number
  status: string
  cancelled_by: string
  price_minor: string | number
  currency: string
}

export async function insightsExportRows(
  tx: Queryable,
  actor: Actor,
  providerId: string,
  query: InsightsQuery,
): Promise<Outcome<InsightsExportRow[]>> {
  if (!mayManageProviderData(actor, providerId)) {
    return refused(ErrorCode.FORBIDDEN, { providerId }, 'Providers export only their own bookings.')
  }
  const { rows } = await tx.query<ExportRow>(EXPORT_SQL, [providerId, query.from, query.to])
  return accepted(
    rows.map((r) => ({
      reference: r.reference,
      bookingId: r.id,
      service: r.service,
      customer: r.customer,
      slotStartLocal: r.start_local,
      slotStartUtc: isoInstant(r.start_time),
      bookedAtUtc: isoInstant(r.created_at),
      leadTimeHours: Number(r.lead_hours),
      status: r.status,
      cancelledBy: r.cancelled_by,
      priceMinor: Number(r.price_minor),
      currency: r.currency,
    })),
  )
}
