/**
 * Provider insights: the period asked for (whole days in the provider's time zone) and the figures
 * the server answers with. A period is at most two years; the previous period of equal length
 * is compared with it.
 */
import { tz } from '@date-fns/tz'
import { addYears, format } from 'date-fns'
import { z } from 'zod'
import { Id, IsoDate } from './schemas.js'

/** The last day a period starting on `from` may end on: the day before the same date two years on. */
export function lastAllowedDay(from: string): string {
  const utc = tz('UTC')
  return format(
    addYears(new Date(`${from}T00:00:00Z`), 2, { in: utc }).getTime() - 86_400_000,
    'yyyy-MM-dd',
    {
      in: utc,
    },
  )
}

/** Both days well-formed: zod runs object refinements even after a field failed, so they check first. */
const bothDays = (q: { from: string; to: string }) =>
  IsoDate.safeParse(q.from).success && IsoDate.safeParse(q.to).success

export const InsightsQuery = z
  .object({
    /** First day, in the provider's time zone. */
    from: IsoDate,
    /** Last day (inclusive), in the provider's time zone. */
    to: IsoDate,
  })
  .strict()
  .refine((q) => !bothDays(q) || q.to >= q.from, { message: 'to must not be before from', path: ['to'] })
  .refine((q) => !bothDays(q) || q.to < q.from || q.to <= lastAllowedDay(q.from), {
    message: 'a period spans at most two years',
    path: ['to'],
  })
export type InsightsQuery = z.infer<typeof InsightsQuery>

const Count = z.number().int().min(0)

export const Revenue = z.object({
  currency: z.string(),
  /** Minor units of the bookings the provider accepted: confirmed and completed. */
  booked: Count,
  /** Minor units of the requests still awaiting the provider's answer (PENDING): not booked yet. */
  pending: Count,
  /** How many requests `pending` is the price of. */
  pendingRequests: Count,
  completed: Count,
  /** Minor units of bookings cancelled after all (by the customer, by the provider, or unknown). */
  lostToCancellations: Count,
  /** Minor units of the requests the provider declined: never revenue held, so not lost to cancellations. */
  declined: Count,
})
export type Revenue = z.infer<typeof Revenue>

export const PeriodFigures = z.object({
  from: IsoDate,
  to: IsoDate,
  /** Bookings on slots starting in the period, except those the server refused (REJECTED). */
  bookings: Count,
  completed: Count,
  /** Refused by the server (slot full, unavailable, in the past). */
  rejected: Count,
  /** Cancelled after confirmation or by the customer; who did it comes from the audit log. */
  cancellations: z.object({ byCustomer: Count, byProvider: Count, unknown: Count }),
  /** Pending bookings the provider turned down. */
  declines: Count,
  /** Bookings a waitlist promotion made (on slots starting in the period). */
  waitlistPromotions: Count,
  utilisation: z.object({
    /** Slots already started: seats left empty are lost, not free. */
    past: z.object({ slots: Count, capacity: Count, used: Count, unused: Count, rate: z.number() }),
    /** Slots still ahead: free seats are open (blocked slots excluded) and may still be booked. */
    upcoming: z.object({ slots: Count, capacity: Count, booked: Count, free: Count, rate: z.number() }),
  }),
  revenue: z.array(Revenue),
})
export type PeriodFigures = z.infer<typeof PeriodFigures>

export const LEAD_TIME_BUCKETS = [
  '< 1 h',
  '1–24 h',
  '1–3 days',
  '3–7 days',
  '7–30 days',
  '≥ 30 days',
] as const

export const Insights = z.object({
  providerId: Id,
  timeZone: z.string(),
  current: PeriodFigures,
  previous: PeriodFigures,
  /** Bookings per day of each period (index 0 = first day), for the comparison chart. */
  daily: z.object({ current: z.array(Count), previous: z.array(Count) }),
  /** Time from booking to slot start, one count per LEAD_TIME_BUCKETS entry (current period). */
  leadTime: z.array(z.object({ bucket: z.string(), bookings: Count })),
  /** Bookings by the slot's local ISO weekday (1 = Monday) and hour; cells without bookings are left out. */
  heatmap: z.array(
    z.object({
      weekday: z.number().int().min(1).max(7),
      hour: z.number().int().min(0).max(23),
      bookings: Count,
    }),
  ),
  topServices: z.array(
    z.object({
      rank: z.number().int().min(1),
      serviceId: Id,
      name: z.string(),
      bookings: Count,
      currency: z.string(),
      /** Confirmed and completed bookings' prices, as Revenue.booked. */
      revenueBooked: Count,
      /** The prices of the service's requests still awaiting the provider, as Revenue.pending. */
      revenuePending: Count,
    }),
  ),
})
export type Insights = z.infer<typeof Insights>
