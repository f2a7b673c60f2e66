/**
 * The words and the rule of a weekly series' weeks not booked: one sentence for the toast of the
 * device that sent it and for the SERIES_NOT_BOOKED notification (shared/seriesNotBooked.ts), which
 * the server writes to the customer only when some week was not booked; and the count's grammar.
 */
import { describe, expect, it } from 'vitest'
import {
  seriesOutcomeWords,
  seriesSavedOfflineWords,
  seriesWaitingWords,
  untilWords,
} from '../../client/features/bookings/seriesText.js'
import { seriesNotifications } from '../../server/domain/notifications.js'
import type { BookingSeries, SeriesOccurrence } from '../../shared/bookingOperations.js'
import type { ErrorCode } from '../../shared/errors.js'
import { notificationText } from '../../shared/notifications.js'
import {
  decodeSeriesNotBooked,
  encodeSeriesNotBooked,
  seriesNotBooked,
  seriesNotBookedText,
} from '../../shared/seriesNotBooked.js'

const day = (week: number) => `2026-12-${String(1 + 7 * week).padStart(2, '0')}T09:00:00.000Z`
const booked = (week: number): SeriesOccurrence => ({
  index: week,
  slotId: `s${week}`,
  startTime: day(week),
  ok: true,
  bookingId: `b${week}`,
})
const notBooked = (week: number, code: ErrorCode): SeriesOccurrence => ({
  index: week,
  slotId: `s${week}`,
  startTime: day(week),
  ok: false,
  code,
  message: code,
})
const series = (mode: BookingSeries['mode'], occurrences: SeriesOccurrence[]) => ({ mode, occurrences })
/** The reader's date: the instant's day, enough to tell the weeks apart. */
const onDay = (iso: string) => iso.slice(0, 10)
const words = (s: ReturnType<typeof series>, what?: string, taken?: 'booked' | 'requested') =>
  seriesNotBookedText(seriesNotBooked(s) ?? expect.unreachable(), onDay, what, taken)

describe('a series’ weeks not booked, in words', () => {
  it('book what is free: how many were booked, and each week not booked with why', () => {
    expect(words(series('BOOK_WHAT_IS_FREE', [booked(0), notBooked(1, 'SLOT_FULL')]))).toBe(
      '1 of 2 weeks booked: 2026-12-08 was fully booked.',
    )
    expect(
      words(
        series('BOOK_WHAT_IS_FREE', [
          booked(0),
          notBooked(1, 'SLOT_NOT_FOUND'),
          notBooked(2, 'SLOT_UNAVAILABLE'),
          notBooked(3, 'SLOT_FULL'),
        ]),
        'Physio',
      ),
    ).toBe(
      '1 of 4 weeks of Physio booked: 2026-12-08 had no session, 2026-12-15 was not open for booking (blocked or removed by the provider) and 2026-12-22 was fully booked.',
    )
    expect(
      words(series('BOOK_WHAT_IS_FREE', [booked(0), notBooked(1, 'SLOT_FULL')]), 'Physio', 'requested'),
    ).toBe('1 of 2 weeks of Physio requested: 2026-12-08 was fully booked.')
    expect(words(series('BOOK_WHAT_IS_FREE', [notBooked(0, 'SLOT_FULL'), notBooked(1, 'SLOT_FULL')]))).toBe(
      'Weekly booking not made: 2026-12-01 was fully booked and 2026-12-08 was fully booked.',
    )
  })

  it('all or nothing: none booked, named by the week that was refused, not the ones rolled back', () => {
    expect(words(series('ALL_OR_NOTHING', [notBooked(0, 'ROLLED_BACK'), notBooked(1, 'SLOT_FULL')]))).toBe(
      'Weekly booking not made: 2026-12-08 was fully booked, so none was booked (all or nothing).',
    )
    expect(words(series('ALL_OR_NOTHING', [notBooked(0, 'SLOT_FULL')]), 'Physio')).toBe(
      'Weekly booking for Physio not made: 2026-12-01 was fully booked.',
    )
  })

  it('a series booked in full has no weeks not booked', () => {
    expect(seriesNotBooked(series('ALL_OR_NOTHING', [booked(0), booked(1)]))).toBeNull()
  })

  it('"1 of 1 week booked", not "1 of 1 weeks"', () => {
    expect(seriesOutcomeWords({ booked: 1, occurrences: [booked(0)] }, 'booked').title).toBe(
      '1 of 1 week booked',
    )
    expect(seriesOutcomeWords({ booked: 2, occurrences: [booked(0), booked(1)] }, 'booked').title).toBe(
      '2 of 2 weeks booked',
    )
  })
})

describe('the SERIES_NOT_BOOKED rule and notification', () => {
  it('tells the customer only when some week was not booked, with the weeks as its reason', () => {
    expect(seriesNotifications('carla', series('BOOK_WHAT_IS_FREE', [booked(0), booked(1)]))).toEqual([])
    const partly = series('BOOK_WHAT_IS_FREE', [booked(0), notBooked(1, 'SLOT_FULL')])
    const [target, ...more] = seriesNotifications('carla', partly)
    expect(more).toEqual([])
    expect(target).toMatchObject({ userId: 'carla', kind: 'SERIES_NOT_BOOKED' })
    expect(decodeSeriesNotBooked(target?.reason ?? null)).toEqual(seriesNotBooked(partly))
  })

  it('reads in the bell as the toast does; a reason it cannot read still says some weeks were not booked', () => {
    const outcome = seriesNotBooked(series('BOOK_WHAT_IS_FREE', [booked(0), notBooked(1, 'SLOT_FULL')]))
    const notice = {
      kind: 'SERIES_NOT_BOOKED' as const,
      startTime: day(0),
      serviceName: 'Physio',
      otherParty: 'Ana Weber',
      reason: encodeSeriesNotBooked(outcome ?? expect.unreachable()),
    }
    expect(notificationText(notice, onDay)).toBe(
      '1 of 2 weeks of Physio booked: 2026-12-08 was fully booked.',
    )
    expect(notificationText({ ...notice, reason: 'not json' }, onDay)).toBe(
      'Some weeks of your weekly booking for Physio on 2026-12-01 could not be booked.',
    )
  })
})

describe('a series waiting to be sent, and the form’s end date, in words', () => {
  it('counts the series as the sync pill does (1 change), with its weeks', () => {
    expect(seriesWaitingWords(2)).toBe('2 weeks waiting to be sent, as 1 change')
    expect(seriesWaitingWords(1)).toBe('1 week waiting to be sent, as 1 change')
    expect(seriesSavedOfflineWords(2)).toBe(
      'Weekly booking of 2 weeks saved on this device as 1 change. It is sent when you are back online; no seat is yours until then.',
    )
  })

  it('says the chosen end date in the app’s words, whatever the browser’s locale shows', () => {
    expect(untilWords('2026-12-01')).toBe('Until Tuesday 1 December 2026')
    expect(untilWords('')).toBeNull()
    expect(untilWords('2026-12')).toBeNull()
  })
})
