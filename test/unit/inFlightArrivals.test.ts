/**
 * client/data/inFlightArrivals.ts: which documents that arrived during a push become its answer.
 */
import { describe, expect, it } from 'vitest'
import { inFlightArrivals } from '../../client/data/inFlightArrivals.js'

const base = { id: 's1', rev: '100', maxBookings: 3, blocked: false, _deleted: false }
/** The slot's server document at revision `rev`. */
const at = (rev: string, fields: Partial<typeof base> = {}) => ({ ...base, ...fields, rev })
const row = (next: Partial<typeof base>) => ({
  assumedMasterState: base,
  newDocumentState: { ...base, ...next },
})

describe('documents that arrive while their push is in flight', () => {
  it('an unanswered push takes the newest arrival that carries its change', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 5, localPending: true } as never)
    arrivals.pushing([pushed])
    arrivals.arrived([at('104', { maxBookings: 5 })])
    arrivals.arrived([at('103', { maxBookings: 3 })])
    expect(arrivals.answered([pushed], [])).toEqual([at('104', { maxBookings: 5 })])
  })

  it('an arrival from before the write (without the change) is not taken; nothing is kept afterwards', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 5 })
    arrivals.pushing([pushed])
    arrivals.arrived([at('101', { blocked: true })])
    expect(arrivals.answered([pushed], [])).toEqual([])
    arrivals.arrived([at('105', { maxBookings: 5 })])
    expect(arrivals.answered([pushed], [])).toEqual([])
  })

  it('a deletion is carried by any tombstone (it supersedes the other fields pushed with it)', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 5, _deleted: true })
    arrivals.pushing([pushed])
    arrivals.arrived([at('107', { _deleted: true })])
    expect(arrivals.answered([pushed], [])).toEqual([at('107', { _deleted: true })])
  })

  it('an answer older than an arrival is replaced by it, keeping the refusal; a newer answer stays', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 1 })
    const refusal = { code: 'CAPACITY_BELOW_BOOKINGS', field: 'maxBookings' }
    arrivals.pushing([pushed])
    arrivals.arrived([at('1000', { blocked: true })])
    expect(arrivals.answered([pushed], [{ ...base, rev: '999', refusal }])).toEqual([
      { ...base, rev: '1000', blocked: true, refusal },
    ])
    arrivals.pushing([pushed])
    arrivals.arrived([at('1000', { blocked: true })])
    const answer = [{ ...base, rev: '1001', refusal }]
    expect(arrivals.answered([pushed], answer)).toEqual(answer)
  })

  it('documents of ids not being pushed are ignored', () => {
    const arrivals = inFlightArrivals()
    arrivals.arrived([at('200', { maxBookings: 5 })])
    const pushed = row({ maxBookings: 5 })
    arrivals.pushing([pushed])
    expect(arrivals.answered([pushed], [])).toEqual([])
  })
})
