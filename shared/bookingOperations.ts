/**
 * Operations over several bookings at once (issue 11): a recurring series, a reschedule, bulk
 * actions. Request shapes with their limits, and the per-row outcome every multi-row answer uses.
 */
import { TZDate } from '@date-fns/tz'
import { addWeeks, format } from 'date-fns'
import { z } from 'zod'
import { ErrorCode } from './errors.js'
import { BookingNotes, Id, IsoDate, IsoInstant, NewId, StatusReason } from './schemas.js'
import { hasVisibleContent } from './visibleText.js'

/** A series has 1..52 occurrences (a year of weeks). */
export const MAX_SERIES_OCCURRENCES = 52
/** A bulk request names at most this many rows; a date range may cover at most this many bookings. */
export const MAX_BULK_ROWS = 500

export const SeriesMode = z.enum(['BOOK_WHAT_IS_FREE', 'ALL_OR_NOTHING'])
export type SeriesMode = z.infer<typeof SeriesMode>

/**
 * The same weekly time (in the provider's time zone) with the same provider and service as
 * `firstSlotId`: for `weeks` weeks, or every week until `until` (a date, inclusive).
 */
export const CreateSeriesBody = z
  .object({
    /** Client-generated id: the idempotency key of the whole series. */
    id: NewId.optional(),
    firstSlotId: Id,
    weeks: z.number().int().min(1).max(MAX_SERIES_OCCURRENCES).optional(),
    until: IsoDate.optional(),
    mode: SeriesMode,
    notes: BookingNotes.default(''),
  })
  .refine((body) => (body.weeks === undefined) !== (body.until === undefined), {
    message: 'give exactly one of weeks and until',
    path: ['weeks'],
  })
export type CreateSeriesBody = z.infer<typeof CreateSeriesBody>

const codes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]

/** What happened to one occurrence: booked (with its booking), or refused with a code. */
export const SeriesOccurrence = z.object({
  index: z.number().int().min(0),
  /** The slot of that week, or null when the provider has no such slot that week. */
  slotId: Id.nullable(),
  startTime: IsoInstant,
  ok: z.boolean(),
  bookingId: Id.optional(),
  code: z.enum(codes).optional(),
  message: z.string().optional(),
})
export type SeriesOccurrence = z.infer<typeof SeriesOccurrence>

export const BookingSeries = z.object({
  id: Id,
  mode: SeriesMode,
  providerId: Id,
  serviceId: Id,
  /** How many occurrences hold a booking. */
  booked: z.number().int().min(0),
  occurrences: z.array(SeriesOccurrence),
  createdAt: IsoInstant,
})
export type BookingSeries = z.infer<typeof BookingSeries>

/** Strict: a `customerId` (or any other field) sent with it is 400 naming it, not silently dropped. */
export const RescheduleBody = z.object({ slotId: Id }).strict()
export type RescheduleBody = z.infer<typeof RescheduleBody>

/** One row of a multi-row answer. */
export const RowOutcome = z.object({
  id: Id,
  ok: z.boolean(),
  /** Ok, but nothing changed: the row already was in the state asked for (`message` says which). */
  unchanged: z.boolean().optional(),
  code: z.enum(codes).optional(),
  /** Why the row was refused, or for an `unchanged` row what it already was. */
  message: z.string().optional(),
})
export type RowOutcome = z.infer<typeof RowOutcome>

const BulkIds = z
  .array(Id)
  .min(1)
  .max(MAX_BULK_ROWS)
  .refine((ids) => new Set(ids).size === ids.length, 'ids must not repeat')

/** How a bulk request commits: each row on its own, or every row or none. */
export const BulkAtomicity = z.enum(['PER_ROW', 'ALL_OR_NOTHING'])
export type BulkAtomicity = z.infer<typeof BulkAtomicity>

export const BookingBulkAction = z.enum(['CANCEL', 'CONFIRM', 'DECLINE'])
export type BookingBulkAction = z.infer<typeof BookingBulkAction>

export const BulkBookingsBody = z.object({
  action: BookingBulkAction,
  ids: BulkIds,
  /** A provider's reason for cancelling or declining, sent to every customer. */
  reason: StatusReason.optional(),
  atomicity: BulkAtomicity.default('PER_ROW'),
})
export type BulkBookingsBody = z.infer<typeof BulkBookingsBody>

export const BulkSlotsBody = z.object({
  action: z.enum(['BLOCK', 'UNBLOCK']),
  ids: BulkIds,
  atomicity: BulkAtomicity.default('PER_ROW'),
})
export type BulkSlotsBody = z.infer<typeof BulkSlotsBody>

/** A provider cancels every active booking starting in [from, to) (e.g. illness), with one reason. */
export const CancelRangeBody = z
  .object({
    from: IsoInstant,
    to: IsoInstant,
    reason: StatusReason.refine(hasVisibleContent, 'a reason is required'),
    atomicity: BulkAtomicity.default('PER_ROW'),
  })
  .refine((body) => Date.parse(body.to) > Date.parse(body.from), {
    message: 'to must be after from',
    path: ['to'],
  })
export type CancelRangeBody = z.infer<typeof CancelRangeBody>

export const BulkResult = z.object({
  /**
   * Rows now as asked (`ok`), those already so (`unchanged`) included: the rows written are the ones
   * `ok` without `unchanged`. ALL_OR_NOTHING: all of them or none.
   */
  applied: z.number().int().min(0),
  rows: z.array(RowOutcome),
})
export type BulkResult = z.infer<typeof BulkResult>

/**
 * The start instants of a series: the first slot's wall-clock time in the provider's zone, weekly
 * (DST-correct: 10:00 stays 10:00 across a clock change). With `until`, every week whose local date
 * is on or before it. May return more than MAX_SERIES_OCCURRENCES: the caller refuses that.
 */
export function seriesStartTimes(
  firstStart: string,
  timeZone: string,
  repeat: { weeks: number } | { until: string },
): string[] {
  const first = new TZDate(firstStart, timeZone)
  const starts: string[] = []
  for (let week = 0; week <= MAX_SERIES_OCCURRENCES; week++) {
    const start = addWeeks(first, week)
    if ('weeks' in repeat ? week >= repeat.weeks : format(start, 'yyyy-MM-dd') > repeat.until) break
    starts.push(new Date(start.getTime()).toISOString())
  }
  return starts
}
