/** The insights export as CSV: column names and the order of the fields of each booking row. */
import { minorUnitDigits } from '../../shared/currencies.js'
import type { InsightsExportRow } from '../domain/insightsExport.js'
import { csvTable } from './csvTable.js'

export const INSIGHTS_CSV_HEADER = [
  'reference',
  'booking_id',
  'service',
  'customer',
  'slot_start_local',
  'slot_start_utc',
  'booked_at_utc',
  'lead_time_hours',
  'status',
  'cancelled_by',
  'price',
  'currency',
] as const

/** The price as a decimal in major units (12.50), which is what a spreadsheet sums. */
function decimalPrice(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency)
  return (minor / 10 ** digits).toFixed(digits)
}

export function insightsCsv(rows: readonly InsightsExportRow[]): string {
  return csvTable(
    INSIGHTS_CSV_HEADER,
    rows.map((r) => [
      r.reference,
      r.bookingId,
      r.service,
      r.customer,
      r.slotStartLocal,
      r.slotStartUtc,
      r.bookedAtUtc,
      r.leadTimeHours,
      r.status,
      r.cancelledBy,
      decimalPrice(r.priceMinor, r.currency),
      r.currency,
    ]),
  )
}
