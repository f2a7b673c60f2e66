/** sameFields: what decides whether a memoized slot card of the customer's week re-renders. */
import { describe, expect, it } from 'vitest'
import { sameFields } from '../../client/ui/sameFields.js'

describe('sameFields', () => {
  it('treats fresh objects with the same values as the same', () => {
    expect(
      sameFields({ id: 'a', remaining: 2, pending: false }, { id: 'a', remaining: 2, pending: false }),
    ).toBe(true)
    expect(sameFields(undefined, undefined)).toBe(true)
  })

  it('sees a changed value, a missing or extra key, and one side missing', () => {
    expect(sameFields({ id: 'a', remaining: 2 }, { id: 'a', remaining: 1 })).toBe(false)
    expect(
      sameFields<Record<string, unknown>>({ id: 'a', note: undefined }, { id: 'a', other: undefined }),
    ).toBe(false)
    expect(sameFields<Record<string, unknown>>({ id: 'a' }, { id: 'a', remaining: 1 })).toBe(false)
    expect(sameFields({ id: 'a' }, undefined)).toBe(false)
  })

  it('compares nested objects by identity (a fresh nested object re-renders, never hides a change)', () => {
    expect(sameFields({ tags: ['x'] }, { tags: ['x'] })).toBe(false)
  })
})
