/**
 * client/data/inFlightArrivals.ts: which documents that arrived during a push become its answer.
 * Arrivals carry the snapshot they were read as of; which state of a row is later is told by
 * snapshot visibility, never by comparing revs (a later state can carry the lower rev).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inFlightArrivals } from '../../client/data/inFlightArrivals.js'

const base = { id: 's1', rev: '100', maxBookings: 3, blocked: false, _deleted: false }
/** The slot's server document at revision `rev`. */
const at = (rev: string, fields: Partial<typeof base> = {}) => ({ ...base, ...fields, rev })
const row = (next: Partial<typeof base>) => ({
  assumedMasterState: base,
  newDocumentState: { ...base, ...next },
})
/** A snapshot that sees every transaction below `xmax` except those in `inProgress`. */
const seeing = (xmax: number, inProgress: number[] = []) =>
  `${inProgress[0] ?? xmax}:${xmax}:${inProgress.join(',')}`

describe('documents that arrive while their push is in flight', () => {
  it('an unanswered push takes the latest arrival that carries its change', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 5, localPending: true } as never)
    arrivals.pushing([pushed])
    arrivals.arrived([at('104', { maxBookings: 5 })], seeing(105))
    // Read before 104 committed: an older state, whatever order it arrived in.
    arrivals.arrived([at('103', { maxBookings: 3 })], seeing(104))
    expect(arrivals.answered([pushed], [])).toEqual([at('104', { maxBookings: 5 })])
  })

  it('a later state with a lower rev (its writer drew its id first) is the one kept', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 5 })
    arrivals.pushing([pushed])
    // 104 (the push) committed while 103 was still in progress; then 103 wrote the row and committed.
    arrivals.arrived([at('104', { maxBookings: 5 })], seeing(105, [103]))
    arrivals.arrived([at('103', { maxBookings: 5, blocked: true })], seeing(105))
    expect(arrivals.answered([pushed], [])).toEqual([at('103', { maxBookings: 5, blocked: true })])
    // The same two, the later one delivered first.
    arrivals.pushing([pushed])
    arrivals.arrived([at('103', { maxBookings: 5, blocked: true })], seeing(105))
    arrivals.arrived([at('104', { maxBookings: 5 })], seeing(105, [103]))
    expect(arrivals.answered([pushed], [])).toEqual([at('103', { maxBookings: 5, blocked: true })])
  })

  it('an arrival from before the write (without the change) is not taken; nothing is kept afterwards', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 5 })
    arrivals.pushing([pushed])
    arrivals.arrived([at('101', { blocked: true })], seeing(102))
    expect(arrivals.answered([pushed], [])).toEqual([])
    arrivals.arrived([at('105', { maxBookings: 5 })], seeing(106))
    expect(arrivals.answered([pushed], [])).toEqual([])
  })

  it('a deletion is carried by any tombstone (it supersedes the other fields pushed with it)', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 5, _deleted: true })
    arrivals.pushing([pushed])
    arrivals.arrived([at('107', { _deleted: true })], seeing(108))
    expect(arrivals.answered([pushed], [])).toEqual([at('107', { _deleted: true })])
  })

  it('an answer older than an arrival is replaced by it, keeping the refusal; a later answer stays', () => {
    const arrivals = inFlightArrivals()
    const pushed = row({ maxBookings: 1 })
    const refusal = { code: 'CAPACITY_BELOW_BOOKINGS', field: 'maxBookings' }
    arrivals.pushing([pushed])
    // Read as of a snapshot that sees the answer's writer (999): a later state.
    arrivals.arrived([at('1000', { blocked: true })], seeing(1001))
    expect(arrivals.answered([pushed], [{ ...base, rev: '999', refusal }])).toEqual([
      { ...base, rev: '1000', blocked: true, refusal },
    ])
    // The answer's writer (1001) committed after the arrival was read: the answer is later.
    arrivals.pushing([pushed])
    arrivals.arrived([at('1000', { blocked: true })], seeing(1001))
    const answer = [{ ...base, rev: '1001', refusal }]
    expect(arrivals.answered([pushed], answer)).toEqual(answer)
    // A lower rev committed after the arrival was read (998 was in progress then): the answer is later.
    arrivals.pushing([pushed])
    arrivals.arrived([at('1000', { blocked: true })], seeing(1001, [998]))
    const older = [{ ...base, rev: '998', refusal }]
    expect(arrivals.answered([pushed], older)).toEqual(older)
  })

  it('documents of ids not being pushed are ignored', () => {
    const arrivals = inFlightArrivals()
    arrivals.arrived([at('200', { maxBookings: 5 })], seeing(201))
    const pushed = row({ maxBookings: 5 })
    arrivals.pushing([pushed])
    expect(arrivals.answered([pushed], [])).toEqual([])
  })
})

/**
 * One row written by `writers` transactions that all draw their ids before any commits (ids in
 * `draw` order), committed in `commit` order; the state after the k-th commit carries the k-th
 * committer's id as its rev. Snapshots are those PostgreSQL takes between commits.
 */
function history(draw: number[], commit: number[]) {
  const xidOf = (writer: number) => 500 + draw.indexOf(writer)
  const committedAfter = (k: number) => commit.slice(0, k).map(xidOf)
  const snapshotAfter = (k: number) => {
    const committed = committedAfter(k)
    const xmax = Math.max(...committed) + 1
    const inProgress = commit
      .slice(k)
      .map(xidOf)
      .filter((xid) => xid < xmax)
      .sort((a, b) => a - b)
    return seeing(xmax, inProgress)
  }
  const stateAfter = (k: number) => ({ ...base, rev: String(xidOf(commit[k - 1] as number)), step: k })
  return { snapshotAfter, stateAfter }
}

describe('property: the latest state wins, whatever the revs and the order of arrival', () => {
  const scenario = fc.integer({ min: 2, max: 8 }).chain((writers) =>
    fc.record({
      draw: fc.shuffledSubarray([...Array(writers).keys()], { minLength: writers, maxLength: writers }),
      commit: fc.shuffledSubarray([...Array(writers).keys()], { minLength: writers, maxLength: writers }),
      // When each arrival was read: after how many commits (at least one).
      reads: fc.array(fc.integer({ min: 1, max: writers }), { minLength: 1, maxLength: 6 }),
      // After how many commits the push's answer was read.
      answeredAt: fc.integer({ min: 1, max: writers }),
    }),
  )

  it('an unanswered push ends on the latest state that arrived', () => {
    fc.assert(
      fc.property(scenario, ({ draw, commit, reads }) => {
        const { snapshotAfter, stateAfter } = history(draw, commit)
        const arrivals = inFlightArrivals()
        // Every state carries the change pushed (maxBookings stays 3 = the base's).
        const pushed = row({})
        arrivals.pushing([pushed])
        for (const k of reads) arrivals.arrived([stateAfter(k)], snapshotAfter(k))
        expect(arrivals.answered([pushed], [])).toEqual([stateAfter(Math.max(...reads))])
      }),
      { numRuns: 500 },
    )
  })

  it('an answer stands unless a later state arrived, which then replaces it', () => {
    fc.assert(
      fc.property(scenario, ({ draw, commit, reads, answeredAt }) => {
        const { snapshotAfter, stateAfter } = history(draw, commit)
        const arrivals = inFlightArrivals()
        const pushed = row({ maxBookings: 5 })
        const refusal = { code: 'CONFLICT' }
        arrivals.pushing([pushed])
        for (const k of reads) arrivals.arrived([stateAfter(k)], snapshotAfter(k))
        const answer = { ...stateAfter(answeredAt), refusal }
        const latest = Math.max(...reads)
        const expected = latest > answeredAt ? { ...stateAfter(latest), refusal } : answer
        expect(arrivals.answered([pushed], [answer])).toEqual([expected])
      }),
      { numRuns: 500 },
    )
  })
})
