/**
 * The rows behind a provider's insights, for CSV export: one per booking on a slot starting in the
 * chosen period (the same selection as the figures, from the same CTEs), oldest slot first.
 */
import { ErrorCode } from '../../shared/errors.js'
import type { InsightsQuery } from '../../shared/insightsSchemas.js'
import { mayManageProviderData } from '../../shared/providerOwnership.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { PERIOD_BOOKINGS_CTES } from './insights.js'
import { type Outcome, accepted, refused } from './outcome.js'
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
WITH ${PERIOD_BOOKINGS_CTES}
SELECT b.reference, bk.id, sv.name AS service, u.name AS customer,
       to_char(bk.start_time AT TIME ZONE (SELECT tz FROM provider), 'YYYY-MM-DD"T"HH24:MI') AS start_local,
       bk.start_time, bk.created_at,
       round(extract(epoch FROM bk.start_time - bk.created_at) / 3600, 2)::float8 AS lead_hours,
       bk.status, coalesce(c.cancelled_by, '') AS cancelled_by, bk.price_minor, bk.currency
FROM booked bk
JOIN bookings b ON b.id = bk.id
JOIN services sv ON sv.id = bk.service_id
JOIN users u ON u.id = bk.customer_id
LEFT JOIN cancelled c ON c.id = bk.id
WHERE bk.period = 'current'
ORDER BY bk.start_time, bk.created_at, bk.id`

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
    return refused(ErrorCode.FORBIDDEN, 'Providers export only their own bookings.', { providerId })
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
