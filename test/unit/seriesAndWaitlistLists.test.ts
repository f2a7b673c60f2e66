/**
 * What My bookings and the series form say about a customer's weekly series and waitlist places
 * (bugs of a browser walk): the form's checks of the number of weeks and the end date, a series named
 * by its sessions (never by when it was sent), a missing week said plainly, the waitlist places
 * listed; and the device's series outbox, which keeps nothing it could only send to come back
 * "0 of 0 weeks booked" or refused for its note.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterEach, describe, expect, it } from 'vitest'
import type { QueuedSeries, WaitlistEntryView } from '../../client/data/index.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { seriesOutbox } from '../../client/data/seriesOutbox.js'
import {
  SERIES_WEEK_WORDS,
  REQUESTED_WEEK_WORDS,
  seriesOutcomeWords,
  seriesStanding,
  seriesWeeksSince,
  type WeekBooking,
  seriesSummary,
  untilProblem,
  weekNotBookedReason,
  weeksFromText,
} from '../../client/features/bookings/seriesText.js'
import { waitingPlaces } from '../../client/features/waitlist/myWaitlistEntries.js'
import { outcomeText } from '../../client/ui/OutcomeList.js'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import { slotDoc } from '../helpers/replicationDocs.js'

describe('the series form', () => {
  it('accepts 1 to 52 whole weeks and nothing else', () => {
    for (const ok of ['1', '4', '52', ' 7 ']) expect(weeksFromText(ok), ok).not.toBeNull()
    expect(weeksFromText('52')).toBe(52)
    for (const bad of ['', '0', '53', '-1', '1e3', '2.5', '1000', 'abc', '+3'])
      expect(weeksFromText(bad), bad).toBeNull()
  })

  it('says an end date before the first session, or past 52 weeks, is wrong; the first day itself is fine', () => {
    expect(untilProblem('2026-12-02', '2026-12-03')).toBe('The end date is before the first session.')
    expect(untilProblem('2026-12-03', '2026-12-03')).toBeNull()
    expect(untilProblem('', '2026-12-03')).toBeNull()
    // 52 weeks: the 52nd session is on 25 November 2027; the 53rd would be on 2 December 2027.
    expect(untilProblem('2027-12-01', '2026-12-03')).toBeNull()
    expect(untilProblem('2027-12-02', '2026-12-03')).toContain('at most 52 weeks')
  })
})

const series = (fields: Partial<QueuedSeries>): QueuedSeries => ({
  id: '00000000-0000-4000-8000-000000000001',
  request: {
    id: '00000000-0000-4000-8000-000000000001',
    firstSlotId: 's',
    weeks: 4,
    mode: 'BOOK_WHAT_IS_FREE',
    notes: '',
  },
  providerId: 'p',
  providerName: 'Ana Weber',
  serviceId: 'v',
  serviceName: 'Physio',
  planned: [],
  queuedAt: '2026-11-26T23:11:00.000Z',
  state: 'waiting',
  ...fields,
})

describe('a series in My bookings', () => {
  // Thursdays 10:00 in Berlin, 3 to 24 December 2026.
  const starts = [
    '2026-12-03T09:00:00.000Z',
    '2026-12-10T09:00:00.000Z',
    '2026-12-17T09:00:00.000Z',
    '2026-12-24T09:00:00.000Z',
  ]
  const planned = starts.map((startTime, index) => ({
    index,
    slotId: index === 2 ? null : `s${index}`,
    startTime,
  }))

  it('is named by its weekday, time and first and last session, not by when it was sent', () => {
    const summary = seriesSummary(series({ planned }), 'Europe/Berlin')
    expect(summary).toEqual({
      title: 'Physio with Ana Weber',
      when: 'every Thursday at 10:00, 4 weeks: Thursday 3 December 2026 to Thursday 24 December 2026',
    })
    expect(seriesSummary(series({ planned: planned.slice(0, 1) }), 'Europe/Berlin').when).toBe(
      'every Thursday at 10:00, 1 week: Thursday 3 December 2026',
    )
    // Another series of the same service reads differently.
    expect(seriesSummary(series({ planned: planned.slice(1) }), 'Europe/Berlin').when).toContain(
      'Thursday 10 December 2026 to Thursday 24 December 2026',
    )
  })

  it('once answered, is named by the weeks the server planned', () => {
    const answered = series({
      planned: planned.slice(0, 1),
      state: 'answered',
      result: {
        id: '00000000-0000-4000-8000-000000000001',
        mode: 'BOOK_WHAT_IS_FREE',
        providerId: 'p',
        serviceId: 'v',
        booked: 1,
        occurrences: starts
          .slice(0, 2)
          .map((startTime, index) => ({ index, slotId: null, startTime, ok: index === 0 })),
        createdAt: '2026-11-26T23:11:01.000Z',
      },
    })
    expect(seriesSummary(answered, 'UTC').when).toBe(
      'every Thursday at 09:00, 2 weeks: Thursday 3 December 2026 to Thursday 10 December 2026',
    )
    expect(seriesSummary(series({}), 'UTC').when).toBe('no weeks')
  })

  it("says a missing week plainly, and keeps the server's words for the others", () => {
    const missing = { code: ErrorCode.SLOT_NOT_FOUND, message: errorMessages.SLOT_NOT_FOUND }
    expect(weekNotBookedReason(missing)).toBe('No session that week.')
    expect(weekNotBookedReason({ code: ErrorCode.SLOT_FULL, message: errorMessages.SLOT_FULL })).toBe(
      errorMessages.SLOT_FULL,
    )
    expect(weekNotBookedReason({ code: ErrorCode.ROLLED_BACK })).toContain('all or nothing')
  })

  it('says each week "Booked" or "Not booked", not "done"', () => {
    const week = { key: '0', label: 'Thursday 3 December 2026 at 09:00', ok: true }
    expect(outcomeText(week, SERIES_WEEK_WORDS)).toBe('Thursday 3 December 2026 at 09:00: Booked')
    const full = { ...week, ok: false, message: errorMessages.SLOT_FULL }
    expect(outcomeText(full, SERIES_WEEK_WORDS)).toBe(
      `Thursday 3 December 2026 at 09:00: Not booked. ${errorMessages.SLOT_FULL}`,
    )
  })

  it('says the weeks a provider has to confirm were requested, as a single booking does, and "booked" only once known', () => {
    const weeks = {
      booked: 2,
      occurrences: [0, 1, 2].map((index) => ({
        index,
        slotId: `s${index}`,
        startTime: '2026-12-03T09:00:00.000Z',
        ok: index < 2,
        ...(index < 2 ? { bookingId: `b${index}` } : {}),
      })),
    }
    const statuses = (status: 'PENDING' | 'CONFIRMED' | undefined) => () => status
    expect(seriesStanding(weeks, statuses('PENDING'))).toBe('requested')
    expect(seriesStanding(weeks, statuses('CONFIRMED'))).toBe('booked')
    expect(seriesStanding(weeks, statuses(undefined))).toBe('unknown')
    expect(seriesOutcomeWords(weeks, 'requested')).toEqual({
      title: '2 of 3 weeks requested — they await the provider’s confirmation',
      weeks: REQUESTED_WEEK_WORDS,
    })
    expect(seriesOutcomeWords({ ...weeks, booked: 1 }, 'requested').title).toBe(
      '1 of 3 weeks requested — it awaits the provider’s confirmation',
    )
    expect(seriesOutcomeWords(weeks, 'booked')).toEqual({
      title: '2 of 3 weeks booked',
      weeks: SERIES_WEEK_WORDS,
    })
    // Not known yet: no claim of "booked", nor of an answer the provider still owes.
    expect(seriesOutcomeWords(weeks, 'unknown').title).toBe('2 of 3 weeks requested')
    const week = { key: '0', label: 'Thursday 3 December 2026 at 09:00', ok: true }
    expect(outcomeText(week, REQUESTED_WEEK_WORDS)).toBe('Thursday 3 December 2026 at 09:00: Requested')
  })
  it('counts a week cancelled or declined since apart, and says so on that week', () => {
    const weeks = {
      booked: 2,
      occurrences: [0, 1].map((index) => ({
        index,
        slotId: `s${index}`,
        startTime: '2026-12-03T09:00:00.000Z',
        ok: true,
        bookingId: `b${index}`,
      })),
    }
    const bookings = (second: WeekBooking, first: WeekBooking = { status: 'CONFIRMED' }) => {
      const byId = new Map([
        ['b0', first],
        ['b1', second],
      ])
      return (id: string) => byId.get(id)
    }
    const cancelled = bookings({ status: 'CANCELLED' })
    const since = seriesWeeksSince(weeks, cancelled)
    expect([...since]).toEqual([[1, 'Cancelled']])
    const standing = seriesStanding(weeks, (id) => cancelled(id)?.status)
    expect(standing).toBe('booked')
    expect(seriesOutcomeWords(weeks, standing, since).title).toBe('1 of 2 weeks booked, 1 since cancelled')
    const week = { key: '1', label: 'Thursday 10 December 2026 at 09:00', ok: true, since: since.get(1) }
    expect(outcomeText(week, SERIES_WEEK_WORDS)).toBe('Thursday 10 December 2026 at 09:00: Cancelled')

    // Both weeks gone: none stands.
    const both = bookings({ status: 'CANCELLED' }, { status: 'CANCELLED' })
    expect(seriesOutcomeWords(weeks, 'booked', seriesWeeksSince(weeks, both)).title).toBe(
      '0 of 2 weeks booked, 2 since cancelled',
    )
    // A request the provider declined, the other still awaiting them.
    const declined = bookings({ status: 'CANCELLED', declined: true }, { status: 'PENDING' })
    const declinedSince = seriesWeeksSince(weeks, declined)
    expect([...declinedSince]).toEqual([[1, 'Declined']])
    expect(seriesStanding(weeks, (id) => declined(id)?.status)).toBe('requested')
    expect(seriesOutcomeWords(weeks, 'requested', declinedSince).title).toBe(
      '1 of 2 weeks requested, 1 since declined — it awaits the provider’s confirmation',
    )
    expect([...seriesWeeksSince(weeks, bookings({ status: 'REJECTED' }))]).toEqual([[1, 'Rejected']])
    // A cancelled week is known: the series' words need not wait for it.
    const unknownCancelled = (id: string) => (id === 'b1' ? 'CANCELLED' : undefined)
    expect(seriesStanding(weeks, unknownCancelled)).toBe('unknown')
    expect(seriesStanding(weeks, (id) => (id === 'b1' ? 'CANCELLED' : 'CONFIRMED'))).toBe('booked')
  })
})

describe('the waitlist in My bookings', () => {
  const now = new Date('2026-11-26T12:00:00.000Z')
  const entry = (n: number, fields: Partial<WaitlistEntryView>): WaitlistEntryView => ({
    id: `e${n}`,
    slotId: `s${n}`,
    providerId: 'p',
    customerId: 'c',
    customerName: 'Cu',
    startTime: '2026-12-01T10:00:00.000Z',
    status: 'WAITING',
    rejectionReason: null,
    bookingId: null,
    joinedAt: '2026-11-25T10:00:00.000Z',
    position: 1,
    updatedAt: '2026-11-25T10:00:00.000Z',
    pending: false,
    ...fields,
  })

  it('lists the places still waiting for a slot to come, soonest first', () => {
    const entries = [
      entry(1, { startTime: '2026-12-03T10:00:00.000Z', position: 2 }),
      entry(2, { startTime: '2026-12-01T10:00:00.000Z', position: null, pending: true }),
      entry(3, { status: 'LEFT', position: null }),
      entry(4, { status: 'PROMOTED', position: null }),
      entry(5, { status: 'REJECTED', rejectionReason: 'ALREADY_BOOKED', position: null }),
      entry(6, { startTime: '2026-11-26T11:00:00.000Z' }),
    ]
    expect(waitingPlaces(entries, now).map((e) => e.id)).toEqual(['e2', 'e1'])
  })
})

describe('the series outbox', () => {
  let db: ClientDatabase | undefined
  afterEach(async () => {
    await db?.close()
    db = undefined
  })
  const first = slotDoc('2030-01-03T09:00:00.000Z', { id: '00000000-0000-4000-8000-000000000101' })

  async function outbox() {
    db = await openClientDatabase({ name: `outbox_${Date.now()}`, indexedDB: new IDBFactory(), IDBKeyRange })
    await db.slots.insert(first)
    return seriesOutbox(db)
  }

  it('keeps no series whose end date is before its first session', async () => {
    const box = await outbox()
    const queued = box.queue({
      id: '00000000-0000-4000-8000-000000000201',
      firstSlotId: first.id,
      until: '2030-01-02',
      mode: 'BOOK_WHAT_IS_FREE',
      notes: '',
    })
    await expect(queued).rejects.toThrow('The end date is before the first session.')
    await expect(queued).rejects.toBeInstanceOf(DomainError)
    expect(await box.current()).toEqual([])
  })

  it('keeps a series with its note, and none whose note the server would refuse', async () => {
    const box = await outbox()
    const request = {
      firstSlotId: first.id,
      until: '2030-01-03',
      mode: 'BOOK_WHAT_IS_FREE' as const,
    }
    await expect(
      box.queue({ ...request, id: '00000000-0000-4000-8000-000000000202', notes: 'pasted\u000btext' }),
    ).rejects.toThrow('The note contains a character that cannot be saved')
    const kept = await box.queue({
      ...request,
      id: '00000000-0000-4000-8000-000000000203',
      notes: 'Knee brace',
    })
    expect(kept.planned.map((w) => w.slotId)).toEqual([first.id])
    expect((await box.current()).map((s) => [s.id, s.request.notes])).toEqual([[kept.id, 'Knee brace']])
  })
})
