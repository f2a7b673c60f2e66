/**
 * What the booking dialog says when its slot fills while it is open (client/features/slots/slotFilledText.ts):
 * that it just filled, and, when a note was typed, that it was not sent but is kept.
 */
import { describe, expect, it } from 'vitest'
import { slotFilledWords } from '../../client/features/slots/slotFilledText.js'

describe('a slot that fills while the booking dialog is open', () => {
  it('says it just filled', () => {
    expect(slotFilledWords(false)).toBe(
      'This slot just filled: another customer took the last seat while you were booking.',
    )
  })

  it('says a typed note was not sent and is kept', () => {
    expect(slotFilledWords(true)).toContain('Your note was not sent; it is kept here')
  })
})
