/**
 * The service form's problems in plain words (client/features/services/serviceFormWords.ts), where a
 * walk found "name: Too small: expected string to have >=1 characters" for a blank name and "Enter
 * the price as an amount with at most 2 decimals." for "-5".
 */
import { describe, expect, it } from 'vitest'
import { priceProblem, serviceIssueWords } from '../../client/features/services/serviceFormWords.js'
import { CreateServiceBody } from '../../shared/serviceSchemas.js'

const valid = {
  name: 'Haircut',
  description: '',
  durationMinutes: 60,
  defaultCapacity: 1,
  priceMinor: 0,
  currency: 'EUR',
}
const wordsFor = (change: object) => {
  const parsed = CreateServiceBody.safeParse({ ...valid, ...change })
  if (parsed.success) throw new Error('expected a problem')
  return serviceIssueWords(parsed.error.issues)
}

describe('service form words', () => {
  it('says a negative price cannot be, and how to type an amount otherwise', () => {
    expect(priceProblem('-5', 'EUR')).toBe('The price cannot be negative.')
    expect(priceProblem(' -5.50 ', 'EUR')).toBe('The price cannot be negative.')
    expect(priceProblem('5.555', 'EUR')).toBe('Enter the price as an amount with at most 2 decimals.')
    expect(priceProblem('5.5', 'JPY')).toBe('Enter the price in JPY as a whole amount, without decimals.')
    expect(priceProblem('', 'EUR')).toBe('Enter a price (0 for a free service).')
    expect(priceProblem('45.50', 'EUR')).toBeNull()
  })

  it('names each field in plain words, never zod’s', () => {
    expect(wordsFor({ name: '' })).toBe('Enter a name for the service.')
    expect(wordsFor({ name: '   ' })).toBe('Enter a name for the service.')
    expect(wordsFor({ name: 'x'.repeat(121) })).toBe('The name can be at most 120 characters.')
    expect(wordsFor({ priceMinor: -500 })).toBe('The price cannot be negative.')
    expect(wordsFor({ priceMinor: 1e12 })).toBe('The price is too high.')
    expect(wordsFor({ durationMinutes: 2 })).toBe('Enter the length in whole minutes, from 5 to 1440.')
    expect(wordsFor({ name: '', priceMinor: -1 })).toBe(
      'Enter a name for the service. The price cannot be negative.',
    )
    expect(wordsFor({ name: 'a\u0007b' })).not.toMatch(/:|Too small|expected/)
  })
})
