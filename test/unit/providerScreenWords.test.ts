/**
 * Provider screens' words: the insights period and what it is compared with (dates as the app writes
 * them, not "compared with the 2026-09-29 to …"), and why a weekly pattern would create nothing, per
 * field (client/features/provider/patternProblems.ts).
 */
import { describe, expect, it } from 'vitest'
import { comparisonWords } from '../../client/features/insights/periods.js'
import {
  firstPatternDay,
  patternProblems,
  splitStartTimes,
} from '../../client/features/provider/patternProblems.js'

describe('the insights period in words', () => {
  it('the period and the previous one as days, in the zone', () => {
    expect(
      comparisonWords(
        { from: '2026-10-29', to: '2026-11-27' },
        { from: '2026-09-29', to: '2026-10-28' },
        'Europe/Berlin',
      ),
    ).toBe(
      'Thu 29 Oct 2026 to Fri 27 Nov 2026 in Europe/Berlin, compared with Tue 29 Sep 2026 to Wed 28 Oct 2026.',
    )
  })

  it('before the server has answered', () => {
    expect(comparisonWords({ from: '2026-11-21', to: '2026-11-27' }, null, 'UTC')).toBe(
      'Sat 21 Nov 2026 to Fri 27 Nov 2026 in UTC, compared with the period of the same length before it.',
    )
  })
})

describe('why a weekly pattern creates nothing', () => {
  const valid = { fromDate: '2026-12-01', toDate: '2026-12-31', weekdays: [1, 2], startTimes: '09:00, 14:30' }

  it('a valid pattern has no problem', () => {
    expect(patternProblems(valid)).toEqual({})
  })

  it('start times that are not H:mm or HH:mm times of day, each quoted', () => {
    for (const typed of ['9:0', '25:00', 'nine', '🙂'])
      expect(patternProblems({ ...valid, startTimes: `10:00, ${typed}` })).toEqual({
        startTimes: `“${typed}” is not a time: write each as H:mm or HH:mm from 0:00 to 23:59, such as 9:00 or 14:30.`,
      })
    expect(patternProblems({ ...valid, startTimes: '9:0 25:00' }).startTimes).toMatch(
      /^“9:0”, “25:00” are not times: /,
    )
    expect(patternProblems({ ...valid, startTimes: ' , ' }).startTimes).toBe(
      'Enter at least one start time, such as 09:00.',
    )
  })

  it('takes "7:00" as well as "07:00", sent as HH:mm', () => {
    expect(patternProblems({ ...valid, startTimes: '7:00, 9:30 14:30' })).toEqual({})
    expect(splitStartTimes('7:00, 9:30 14:30')).toEqual(['07:00', '09:30', '14:30'])
  })

  it('starts a new pattern on the first day whose start times are all ahead', () => {
    // 08:30 in Berlin (07:30 UTC): 09:00 and 10:00 are still ahead, today.
    expect(firstPatternDay('09:00, 10:00', 'Europe/Berlin', new Date('2026-11-27T07:30:00Z'))).toBe(
      '2026-11-27',
    )
    // 09:30 in Berlin: 09:00 has passed, tomorrow.
    expect(firstPatternDay('09:00, 10:00', 'Europe/Berlin', new Date('2026-11-27T08:30:00Z'))).toBe(
      '2026-11-28',
    )
    // 23:30 UTC is already the next day in Berlin; its times are ahead there.
    expect(firstPatternDay('09:00, 10:00', 'Europe/Berlin', new Date('2026-11-27T23:30:00Z'))).toBe(
      '2026-11-28',
    )
  })

  it('"Until" before "From", a span over a year, no weekday ticked', () => {
    expect(patternProblems({ ...valid, toDate: '2026-11-30' })).toEqual({
      toDate: '“Until” is before “From”: choose a later day.',
    })
    expect(patternProblems({ ...valid, toDate: '2027-12-31' })).toEqual({
      toDate: 'A pattern covers at most a year: choose an earlier day.',
    })
    // The schema's limit: at most 366 days from From to Until.
    expect(patternProblems({ ...valid, toDate: '2027-12-03' }).toDate).toBeDefined()
    expect(patternProblems({ ...valid, toDate: '2027-12-02' })).toEqual({})
    expect(patternProblems({ ...valid, weekdays: [] })).toEqual({ weekdays: 'Tick at least one weekday.' })
    expect(patternProblems({ ...valid, fromDate: '' })).toEqual({ fromDate: 'Choose the first day.' })
  })

  it('an Until beyond the 5-year horizon, said with its last day in the zone (shared/slotLimits.ts)', () => {
    // Five years and a leap day after 27 Nov 2026 12:00 UTC: 27 Nov 2031, 12:00 UTC.
    const now = new Date('2026-11-27T12:00:00Z')
    const late = { ...valid, fromDate: '2031-06-01' }
    expect(patternProblems({ ...late, toDate: '2031-11-27' }, 'UTC', now)).toEqual({})
    expect(patternProblems({ ...late, toDate: '2031-11-28' }, 'UTC', now)).toEqual({
      toDate: 'A slot starts at most 5 years ahead: choose a day up to Thu 27 Nov 2031.',
    })
    // 13:00 on 27 Nov 2031 in Auckland is still 27 Nov there: its last day is the 28th.
    expect(patternProblems({ ...late, toDate: '2031-11-28' }, 'Pacific/Auckland', now)).toEqual({})
  })
})
