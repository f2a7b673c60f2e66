/** client/data/pushParts.ts: a push batch split into parts that fit the request body limit. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pushParts, sendInParts } from '../../client/data/pushParts.js'

const bytesOf = (rows: unknown[]) => Buffer.byteLength(JSON.stringify(rows))

describe('pushParts', () => {
  it('keeps every row once, in order, each part within the limit unless it is one larger row', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.uuid(), notes: fc.string({ unit: 'grapheme', maxLength: 300 }) }), {
          maxLength: 60,
        }),
        fc.integer({ min: 2, max: 4000 }),
        (rows, maxBytes) => {
          const parts = pushParts(rows, maxBytes)
          expect(parts.flat()).toEqual(rows)
          for (const part of parts) {
            expect(part.length).toBeGreaterThan(0)
            if (part.length > 1) expect(bytesOf(part)).toBeLessThanOrEqual(maxBytes)
          }
          // Never split where the next row would still have fitted.
          for (let i = 0; i + 1 < parts.length; i++) {
            const joined = [...(parts[i] as unknown[]), (parts[i + 1] as unknown[])[0]]
            expect(bytesOf(joined)).toBeGreaterThan(maxBytes)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('sends the parts one after another and joins their answers in order', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: String(i), notes: 'x'.repeat(50) }))
    const sent: number[][] = []
    const answers = await sendInParts(rows, 200, async (part) => {
      sent.push(part.map((row) => Number(row.id)))
      return part.filter((row) => Number(row.id) % 3 === 0).map((row) => row.id)
    })
    expect(sent.length).toBeGreaterThan(1)
    expect(sent.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(answers).toEqual(['0', '3', '6', '9'])
  })
})
