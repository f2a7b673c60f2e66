/** Prices in minor units (parsed and shown per the currency's digits) and the CSV writer's quoting. */
import { describe, expect, it } from 'vitest'
import { formatPrice, isCurrencyCode, parsePrice } from '../../shared/currencies.js'
import { csvTable } from '../../server/export/csvTable.js'
import { csvRows } from '../helpers/csvRows.js'

describe('currencies', () => {
  it('knows current ISO 4217 codes, not withdrawn or made-up ones', () => {
    expect(['EUR', 'USD', 'JPY', 'KWD', 'CHF'].every(isCurrencyCode)).toBe(true)
    expect(['HRK', 'eur', 'EURO', 'XYZ', ''].some(isCurrencyCode)).toBe(false)
  })

  it.each([
    ['12.5', 'EUR', 1250],
    ['12,50', 'EUR', 1250],
    ['0', 'EUR', 0],
    ['5000', 'JPY', 5000],
    ['1.234', 'KWD', 1234],
    ['12.555', 'EUR', null],
    ['1.5', 'JPY', null],
    ['-3', 'EUR', null],
    ['abc', 'EUR', null],
  ])('parsePrice(%s, %s) = %s', (text, currency, minor) => {
    expect(parsePrice(text, currency)).toBe(minor)
  })

  it('shows minor units in major units', () => {
    expect(formatPrice(4550, 'EUR', 'en-GB')).toBe('€45.50')
    expect(formatPrice(5000, 'JPY', 'en-GB')).toBe('JP¥5,000')
  })
})

describe('csvTable', () => {
  it('quotes what needs quoting, defuses formulas, and reads back unchanged otherwise', () => {
    const text = csvTable(
      ['name', 'note', 'amount'],
      [
        ['Ann, "the" first', 'two\nlines', 12.5],
        ['=SUM(A1)', '+1', -3],
      ],
    )
    expect(text.endsWith('\r\n')).toBe(true)
    expect(csvRows(text)).toEqual([
      ['name', 'note', 'amount'],
      ['Ann, "the" first', 'two\nlines', '12.5'],
      ["'=SUM(A1)", "'+1", '-3'],
    ])
  })
})
