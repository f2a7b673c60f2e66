/**
 * The weeks of a weekly series the server did not book, told in the same words wherever the customer
 * reads them: the toast of the device that sent the series and the SERIES_NOT_BOOKED notification the
 * server writes in the series' transaction (every device of the customer pulls it). The notification
 * carries the weeks in its `reason` (encodeSeriesNotBooked), so a device renders them in its own zone.
 */
import { z } from 'zod'
import { type BookingSeries, SeriesMode } from './bookingOperations.js'
import { ErrorCode, errorMessages } from './errors.js'
import { IsoInstant } from './schemas.js'

export const SeriesNotBooked = z.object({
  mode: SeriesMode,
  /** Weeks in the series, and how many of them were booked. */
  of: z.number().int().nonnegative(),
  booked: z.number().int().nonnegative(),
  /** Each week not booked, in week order, with the refusal's code. */
  weeks: z.array(z.object({ startTime: IsoInstant, code: z.string() })),
})
export type SeriesNotBooked = z.infer<typeof SeriesNotBooked>

/** What a series' answer tells of its weeks not booked; null when every week was booked. */
export function seriesNotBooked(series: Pick<BookingSeries, 'mode' | 'occurrences'>): SeriesNotBooked | null {
  const weeks = series.occurrences
    .filter((week) => !week.ok)
    .map((week) => ({ startTime: week.startTime, code: week.code ?? ErrorCode.VALIDATION_FAILED }))
  if (weeks.length === 0) return null
  return {
    mode: series.mode,
    of: series.occurrences.length,
    booked: series.occurrences.length - weeks.length,
    weeks,
  }
}

/** The notification's `reason`: the weeks not booked, as data (the words are the device's). */
export function encodeSeriesNotBooked(outcome: SeriesNotBooked): string {
  return JSON.stringify(outcome)
}

export function decodeSeriesNotBooked(reason: string | null): SeriesNotBooked | null {
  if (reason === null) return null
  try {
    const parsed = SeriesNotBooked.safeParse(JSON.parse(reason))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Why one week was not booked, after its date ("Tuesday 8 December 2026 was fully booked"). */
function weekWords(code: string): string {
  switch (code) {
    case ErrorCode.SLOT_FULL:
      return 'was fully booked'
    case ErrorCode.SLOT_NOT_FOUND:
      return 'had no session'
    case ErrorCode.SLOT_UNAVAILABLE:
      return 'was not open for booking (blocked or removed by the provider)'
    case ErrorCode.SLOT_IN_PAST:
      return 'had already started'
    case ErrorCode.ALREADY_BOOKED:
      return 'was already booked by you'
    default:
      return `could not be booked (${code in errorMessages ? errorMessages[code as ErrorCode] : code})`
  }
}

function listed(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

/**
 * The sentence: "1 of 2 weeks booked: Tuesday 8 December 2026 was fully booked." or, all or nothing,
 * "Weekly booking not made: Thursday 10 December 2026 was fully booked, so none was booked (all or
 * nothing)." `formatDay` renders a week's start in the reader's zone; `what` names the service.
 */
export function seriesNotBookedText(
  outcome: SeriesNotBooked,
  formatDay: (iso: string) => string,
  what?: string | null,
  /** "requested" while the provider has to confirm the weeks taken (seriesText.ts's standing). */
  taken: 'booked' | 'requested' = 'booked',
): string {
  // All or nothing: the weeks rolled back were free; the ones refused are why none was booked.
  const causes = outcome.weeks.filter((week) => week.code !== ErrorCode.ROLLED_BACK)
  const why = listed(
    (causes.length > 0 ? causes : outcome.weeks).map((w) => `${formatDay(w.startTime)} ${weekWords(w.code)}`),
  )
  const of = what ? ` of ${what}` : ''
  if (outcome.booked === 0) {
    const none =
      outcome.mode === 'ALL_OR_NOTHING' && outcome.of > 1 ? ', so none was booked (all or nothing)' : ''
    return `Weekly booking${what ? ` for ${what}` : ''} not made: ${why}${none}.`
  }
  return `${outcome.booked} of ${outcome.of} ${outcome.of === 1 ? 'week' : 'weeks'}${of} ${taken}: ${why}.`
}
