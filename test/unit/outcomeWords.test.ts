/**
 * What each row of a bulk answer says (client/ui/OutcomeList.tsx): a browser walk read "Carla Customer,
 * Monday 30 November 2026, 10:00: done" after a bulk cancel; each row now says the action's own word.
 */
import { describe, expect, it } from 'vitest'
import { doneWords, outcomeText } from '../../client/ui/OutcomeList.js'

describe('a bulk answer row', () => {
  const row = { key: 'b1', label: 'Carla Customer, Monday 30 November 2026, 10:00', ok: true }

  it('says what the action made it, or that it did not, with why', () => {
    for (const done of ['cancelled', 'confirmed', 'declined', 'blocked', 'unblocked'])
      expect(outcomeText(row, doneWords(done))).toBe(`${row.label}: ${done}`)
    expect(outcomeText({ ...row, ok: false, message: 'Not now.' }, doneWords('cancelled'))).toBe(
      `${row.label}: not cancelled. Not now.`,
    )
  })

  it('says a row that already was as asked changed nothing, whatever the action', () => {
    const unchanged = { ...row, unchanged: true, message: 'It was already confirmed.' }
    expect(outcomeText(unchanged, doneWords('confirmed'))).toBe(
      `${row.label}: nothing changed. It was already confirmed.`,
    )
  })

  it('says what became of a row since, instead of its outcome then', () => {
    expect(outcomeText({ ...row, since: 'Cancelled' }, { ok: 'Booked', refused: 'Not booked' })).toBe(
      `${row.label}: Cancelled`,
    )
  })
})
