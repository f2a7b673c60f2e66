/**
 * The one cleaning rule for free text with control characters (shared/freeTextCleaning.ts), used by
 * the device on a provider's typed reason and by the server on text pushed by older clients: the
 * text the user saw is what is saved.
 */
import { describe, expect, it } from 'vitest'
import { cleanedFreeText, cleanedTextArea } from '../../shared/freeTextCleaning.js'
import { BookingNotes, LINE_CHARACTERS, StatusReason } from '../../shared/schemas.js'

describe('cleanedFreeText', () => {
  it('turns characters that space words into a space and removes the invisible ones', () => {
    expect(cleanedFreeText('Ill\u000btoday,\u000csorry')).toBe('Ill today, sorry')
    expect(cleanedFreeText('ill\u0000to\u0007d\u001bay\u007f\u0085x')).toBe('illtoday x')
  })

  it("keeps a text area's tab and line breaks, and spaces them where the field has none", () => {
    expect(cleanedFreeText('one\ttwo\r\nthree', LINE_CHARACTERS)).toBe('one\ttwo\r\nthree')
    expect(cleanedFreeText('one\ttwo\nthree')).toBe('one two three')
  })

  it('leaves text without control characters alone, and what it answers passes the field', () => {
    expect(cleanedFreeText('Zürich – 10 €, 😀')).toBe('Zürich – 10 €, 😀')
    for (let code = 0; code < 0xa0; code++) {
      const typed = `a${String.fromCharCode(code)}b`
      expect(StatusReason.safeParse(cleanedFreeText(typed, LINE_CHARACTERS)).success).toBe(true)
    }
  })
})

describe('cleanedTextArea', () => {
  it("cleans a customer's note as a provider's reason: Word's vertical tab is a space, NUL is gone", () => {
    const note = cleanedTextArea('Knee\u000bbrace,\tplease\r\nbring\u0000 it')
    expect(note).toBe('Knee brace,\tplease\r\nbring it')
    expect(BookingNotes.safeParse(note).success).toBe(true)
  })
})
