/** The pure rules of issue 11: a series' weekly instants (DST-correct) and the request limits. */
import { describe, expect, it } from 'vitest'
import {
  BulkBookingsBody,
  CreateSeriesBody,
  MAX_BULK_ROWS,
  MAX_SERIES_OCCURRENCES,
  seriesStartTimes,
} from '../../shared/bookingOperations.js'

describe('seriesStartTimes', () => {
  it('keeps the wall-clock time across a clock change (Berlin, 10:00 before and after 29 March 2026)', () => {
    const starts = seriesStartTimes('2026-03-20T09:00:00.000Z', 'Europe/Berlin', { weeks: 3 })
    expect(starts).toEqual([
      '2026-03-20T09:00:00.000Z',
      '2026-03-27T09:00:00.000Z',
      '2026-04-03T08:00:00.000Z',
    ])
  })

  it('"until" includes the last date in the provider\'s zone and stops after it', () => {
    const starts = seriesStartTimes('2026-12-01T23:30:00.000Z', 'Asia/Kolkata', { until: '2026-12-16' })
    // 05:00 local on Wednesdays 2, 9 and 16 December.
    expect(starts).toEqual([
      '2026-12-01T23:30:00.000Z',
      '2026-12-08T23:30:00.000Z',
      '2026-12-15T23:30:00.000Z',
    ])
  })

  it('reports one more than the limit when "until" is too far, so the caller can refuse it', () => {
    expect(seriesStartTimes('2026-01-05T10:00:00.000Z', 'UTC', { until: '2030-01-01' }).length).toBe(
      MAX_SERIES_OCCURRENCES + 1,
    )
  })
})

describe('request limits', () => {
  const slot = '7f1d8c1e-8a43-4c39-9a3e-1f7f0f5b2a11'
  it('a series has 1..52 weeks and exactly one of weeks and until', () => {
    const ok = (body: object) =>
      CreateSeriesBody.safeParse({ firstSlotId: slot, mode: 'ALL_OR_NOTHING', ...body }).success
    expect([ok({ weeks: 0 }), ok({ weeks: 1 }), ok({ weeks: 52 }), ok({ weeks: 53 })]).toEqual([
      false,
      true,
      true,
      false,
    ])
    expect(ok({ weeks: 2, until: '2026-12-31' })).toBe(false)
    expect(ok({})).toBe(false)
  })

  it('a bulk request names 1..500 distinct ids', () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `${slot.slice(0, 24)}${String(i).padStart(12, '0')}`)
    const ok = (list: string[]) => BulkBookingsBody.safeParse({ action: 'CANCEL', ids: list }).success
    expect([ok([]), ok(ids(1)), ok(ids(MAX_BULK_ROWS)), ok(ids(MAX_BULK_ROWS + 1))]).toEqual([
      false,
      true,
      true,
      false,
    ])
    expect(ok([slot, slot])).toBe(false)
  })
})
