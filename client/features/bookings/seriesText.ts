/**
 * The words of a weekly series, kept pure (test/unit/seriesText.test.ts): what the series form says
 * about the number of weeks and the end date before anything is sent, how a series names its sessions
 * in My bookings, each week's outcome and why a week was not booked.
 */
import {
  type BookingSeries,
  MAX_SERIES_OCCURRENCES,
  type SeriesOccurrence,
} from '../../../shared/bookingOperations.js'
import type { BookingStatus } from '../../../shared/schemas.js'
import { ErrorCode } from '../../../shared/errors.js'
import type { QueuedSeries } from '../../data/index.js'
import { bookingStatusName } from '../../data/bookingStatusWords.js'
import { formatLongDate, formatTime, formatWeekday } from '../../ui/calendarTime.js'
import type { PublishedWeeks } from './publishedWeeks.js'

/** "1 week", "2 weeks". */
export function weeksCount(weeks: number): string {
  return weeks === 1 ? '1 week' : `${weeks} weeks`
}

/**
 * A series waiting to be sent, counted as the sync pill counts it (one change: it is sent as one
 * request), with its weeks: "2 weeks waiting to be sent, as 1 change".
 */
export function seriesWaitingWords(weeks: number): string {
  return `${weeksCount(weeks)} waiting to be sent, as 1 change`
}

/** The toast of a series booked offline, in the same count. */
export function seriesSavedOfflineWords(weeks: number): string {
  return `Weekly booking of ${weeksCount(weeks)} saved on this device as 1 change. It is sent when you are back online; no seat is yours until then.`
}

/** Beside the seats left while the customer's series waits: true offline, where no seat is taken yet. */
export const SERIES_TAKES_NO_SEAT_YET = 'your weekly booking takes none until it is sent'

/** The range the weeks field accepts (up to `max` weeks), as the form's hint says it. */
export function weeksRange(max = MAX_SERIES_OCCURRENCES): string {
  return max === 1 ? '1 week' : `1–${max} weeks`
}

/**
 * The number of weeks typed in the field, when it is a whole number from 1 to `max` (52 at most);
 * else null: empty, 0, 53, -1, 2.5, or 1e3 (which a number field accepts as 1000).
 */
export function weeksFromText(text: string, max = MAX_SERIES_OCCURRENCES): number | null {
  const trimmed = text.trim()
  if (!/^\d{1,3}$/.test(trimmed)) return null
  const weeks = Number(trimmed)
  return weeks >= 1 && weeks <= Math.min(max, MAX_SERIES_OCCURRENCES) ? weeks : null
}

/**
 * What the series form says can be booked of the slot's time, week after week (publishedWeeks.ts), in
 * the customer's words ("published" is the provider's).
 */
export function publishedWeeksText(published: PublishedWeeks, zone: string): string {
  const last = formatLongDate(published.lastStart, zone)
  if (published.sessions === 1) return 'Only this week can be booked: no later week of this time is open yet.'
  if (published.sessions === published.weeks)
    return `${published.sessions} weeks can be booked, the last on ${last}.`
  return `${published.sessions} sessions can be booked over ${published.weeks} weeks (some weeks have none), the last on ${last}.`
}

const DAY_MS = 86_400_000
const DAY_FORM = /^\d{4}-\d{2}-\d{2}$/

/** "yyyy-MM-dd" `days` after a "yyyy-MM-dd" day (calendar arithmetic, no zone involved). */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/**
 * The "until" date in the app's words ("Tuesday 1 December 2026"), shown beside the browser's date
 * field (which writes it in the browser's locale, e.g. "12/01/2026"); null until a full date is chosen.
 */
export function untilWords(until: string): string | null {
  return DAY_FORM.test(until) ? `Until ${formatLongDate(`${until}T12:00:00.000Z`, 'UTC')}` : null
}

/**
 * Why the "until" date cannot end a series whose first session is on `firstDay` (the day the customer
 * sees it, "yyyy-MM-dd"), or null when it can. An empty date is not explained (nothing typed yet; the
 * form waits for one).
 */
export function untilProblem(until: string, firstDay: string): string | null {
  if (until === '') return null
  if (!DAY_FORM.test(until)) return 'Enter the last date as a full date.'
  if (until < firstDay) return 'The end date is before the first session.'
  const latest = addDays(firstDay, MAX_SERIES_OCCURRENCES * 7 - 1)
  if (until > latest)
    return `A series has at most ${MAX_SERIES_OCCURRENCES} weeks: the last date can be ${formatLongDate(`${latest}T12:00:00.000Z`, 'UTC')} at the latest.`
  return null
}

/** How a series names itself: what, and which sessions. */
export interface SeriesSummary {
  /** "Physio with Ana Weber" */
  title: string
  /** "every Thursday at 10:00, 4 weeks: Thursday 3 December 2026 to Thursday 24 December 2026" */
  when: string
}

/** The start of each week: the server's weeks once it answered, else the weeks the device planned. */
function sessionStarts(series: QueuedSeries): string[] {
  const weeks = series.state === 'answered' && series.result ? series.result.occurrences : series.planned
  return weeks.map((week) => week.startTime)
}

/**
 * A series as the customer booked it: the service and provider, the weekday and time of its sessions
 * and its first and last session's date (in the customer's zone). Never the moment it was sent: two
 * series differ by their sessions, not by when the button was pressed.
 */
export function seriesSummary(series: QueuedSeries, zone: string): SeriesSummary {
  const title = `${series.serviceName} with ${series.providerName}`
  const starts = sessionStarts(series)
  const first = starts[0]
  const last = starts.at(-1)
  if (first === undefined || last === undefined) return { title, when: 'no weeks' }
  const weeks = weeksCount(starts.length)
  const every = `every ${formatWeekday(first, zone)} at ${formatTime(first, zone)}`
  const dates =
    starts.length === 1
      ? formatLongDate(first, zone)
      : `${formatLongDate(first, zone)} to ${formatLongDate(last, zone)}`
  return { title, when: `${every}, ${weeks}: ${dates}` }
}

/** Each week's outcome, after its date: booked or not, in the customer's words (not "done"). */
export const SERIES_WEEK_WORDS = { ok: 'Booked', refused: 'Not booked' } as const
/** A week the provider has still to confirm (PENDING) was requested, as a single booking's toast says. */
export const REQUESTED_WEEK_WORDS = { ok: 'Requested', refused: 'Not booked' } as const

/** A booked week's booking as this device has it now (its status, and whether a request was declined). */
export interface WeekBooking {
  status: BookingStatus
  declined?: boolean | undefined
}

/** Statuses that end a booked week: it no longer stands, whatever the server answered then. */
const ENDED: ReadonlySet<BookingStatus> = new Set(['CANCELLED', 'REJECTED'])

/**
 * What became of the weeks the server booked and that ended since, by week index: "Cancelled",
 * "Declined" or "Rejected", as the booking's status pill says it (bookingStatusName).
 */
export function seriesWeeksSince(
  series: Pick<BookingSeries, 'occurrences'>,
  bookingOf: (bookingId: string) => WeekBooking | undefined,
): ReadonlyMap<number, string> {
  const since = new Map<number, string>()
  for (const week of series.occurrences) {
    const booking = week.ok && week.bookingId !== undefined ? bookingOf(week.bookingId) : undefined
    if (booking && ENDED.has(booking.status)) since.set(week.index, bookingStatusName(booking))
  }
  return since
}

/**
 * How the weeks the server took stand, by their bookings' status on this device, the rule a single
 * booking's words follow (bookedWords in actionWords.ts): `requested` when any is PENDING (the provider
 * confirms by hand: the series is one provider's), `booked` when every one is known and none is, and
 * `unknown` while some booking has not reached the device yet (nothing claims "booked" before it has).
 * A week cancelled (or declined) since does not stand: it is counted apart (seriesWeeksSince).
 */
export type SeriesStanding = 'booked' | 'requested' | 'unknown'

export function seriesStanding(
  series: Pick<BookingSeries, 'occurrences'>,
  statusOf: (bookingId: string) => BookingStatus | undefined,
): SeriesStanding {
  const statuses = series.occurrences
    .filter((week) => week.ok)
    .map((week) => (week.bookingId === undefined ? undefined : statusOf(week.bookingId)))
    .filter((status) => status === undefined || !ENDED.has(status))
  if (statuses.includes('PENDING')) return 'requested'
  return statuses.includes(undefined) ? 'unknown' : 'booked'
}

/** What a series' answer is called as a whole ("2 of 2 weeks booked") and each of its weeks. */
export interface SeriesOutcomeWords {
  title: string
  weeks: { ok: string; refused: string }
}

/** ", 1 since cancelled, 1 since declined": the weeks that ended since, counted by what ended them. */
function sinceWords(since: ReadonlyMap<number, string>): string {
  const counts = new Map<string, number>()
  for (const word of since.values()) counts.set(word, (counts.get(word) ?? 0) + 1)
  return [...counts].map(([word, count]) => `, ${count} since ${word.toLowerCase()}`).join('')
}

/**
 * The title counts the weeks that still stand ("1 of 2 weeks booked, 1 since cancelled"): `since` are
 * the weeks booked and ended since (seriesWeeksSince).
 */
export function seriesOutcomeWords(
  series: Pick<BookingSeries, 'booked' | 'occurrences'>,
  standing: SeriesStanding,
  since: ReadonlyMap<number, string> = new Map(),
): SeriesOutcomeWords {
  const standingWeeks = series.booked - since.size
  const count = `${standingWeeks} of ${weeksCount(series.occurrences.length)}`
  if (standing === 'booked') return { title: `${count} booked${sinceWords(since)}`, weeks: SERIES_WEEK_WORDS }
  const awaiting =
    standing === 'requested'
      ? ` — ${standingWeeks === 1 ? 'it awaits' : 'they await'} the provider’s confirmation`
      : ''
  return { title: `${count} requested${sinceWords(since)}${awaiting}`, weeks: REQUESTED_WEEK_WORDS }
}

/** Why a week of a series was not booked, in the customer's words. */
export function weekNotBookedReason(week: Pick<SeriesOccurrence, 'code' | 'message'>): string | undefined {
  switch (week.code) {
    case ErrorCode.SLOT_NOT_FOUND:
      return 'No session that week.'
    case ErrorCode.ROLLED_BACK:
      return 'Another week could not be booked, so none was (all or nothing).'
    default:
      return week.message
  }
}
