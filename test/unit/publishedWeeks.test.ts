/**
 * The weeks a series form offers (a customer's complaint: it suggested 4 weeks when 2 were
 * published): as many as the provider has published of the slot's time, four at most by default, and
 * said in plain words.
 */
import { describe, expect, it } from 'vitest'
import { defaultSeriesWeeks, publishedWeeks } from '../../client/features/bookings/publishedWeeks.js'
import { publishedWeeksText, weeksFromText, weeksRange } from '../../client/features/bookings/seriesText.js'

const WEEK_MS = 7 * 86_400_000
const FIRST = Date.parse('2026-12-03T10:00:00.000Z')
const session = (
  weeks: number,
  extra: Partial<{ providerId: string; serviceId: string; state: string; minutes: number }> = {},
) => ({
  providerId: extra.providerId ?? 'ana',
  serviceId: extra.serviceId ?? 'physio',
  state: extra.state ?? 'available',
  startTime: new Date(FIRST + weeks * WEEK_MS + (extra.minutes ?? 0) * 60_000).toISOString(),
})
const first = session(0)

describe('publishedWeeks', () => {
  it('two weekly sessions published: two weeks, suggested and offered', () => {
    const published = publishedWeeks(first, [first, session(1)])
    expect(published).toEqual({ weeks: 2, sessions: 2, lastStart: session(1).startTime })
    expect(defaultSeriesWeeks(published)).toBe(2)
    expect(weeksFromText('2', published.weeks)).toBe(2)
    expect(weeksFromText('3', published.weeks)).toBeNull()
    expect(weeksRange(published.weeks)).toBe('1–2 weeks')
    expect(publishedWeeksText(published, 'Europe/Berlin')).toBe(
      '2 weeks can be booked, the last on Thursday 10 December 2026.',
    )
  })

  it('more than four published: four suggested, all offered', () => {
    const published = publishedWeeks(
      first,
      [0, 1, 2, 3, 4, 5].map((w) => session(w)),
    )
    expect(published.weeks).toBe(6)
    expect(defaultSeriesWeeks(published)).toBe(4)
  })

  it('counts only the same provider and service, open for booking, at the same time (an hour either way)', () => {
    const published = publishedWeeks(first, [
      first,
      session(1, { minutes: 60 }), // a clock change in the provider's zone
      session(2, { providerId: 'ben' }),
      session(3, { serviceId: 'massage' }),
      session(4, { state: 'blocked' }),
      session(5, { minutes: 120 }),
      session(6, { state: 'full' }), // full now, may free; "book what is free" skips it
    ])
    expect(published).toMatchObject({ weeks: 7, sessions: 3 })
    expect(publishedWeeksText(published, 'Europe/Berlin')).toBe(
      '3 sessions can be booked over 7 weeks (some weeks have none), the last on Thursday 14 January 2027.',
    )
  })

  it('only this session: one week, said so', () => {
    const published = publishedWeeks(first, [first, session(1, { state: 'past' })])
    expect(published).toEqual({ weeks: 1, sessions: 1, lastStart: first.startTime })
    expect(defaultSeriesWeeks(published)).toBe(1)
    expect(weeksRange(published.weeks)).toBe('1 week')
    expect(publishedWeeksText(published, 'Europe/Berlin')).toBe(
      'Only this week can be booked: no later week of this time is open yet.',
    )
  })
})
