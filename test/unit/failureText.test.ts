/**
 * What a screen reading the server says when it could not (client/data/serverApi.ts failureText):
 * a refusal in its own words, "need a connection" only when no answer came. A browser walk read
 * "to must not be before from. Insights need a connection." while online.
 */
import { describe, expect, it } from 'vitest'
import { failureText } from '../../client/data/serverApi.js'
import { DomainError, ErrorCode } from '../../shared/errors.js'

describe('failureText', () => {
  it("a refusal is the server's words alone", () => {
    const refused = new DomainError(ErrorCode.VALIDATION_FAILED, 'To must not be before from.')
    expect(failureText(refused, 'Insights')).toBe('To must not be before from.')
  })

  it('no answer (fetch failed) says what needs a connection', () => {
    expect(failureText(new TypeError('fetch failed'), 'Insights')).toBe('Insights need a connection.')
  })

  it('a server that failed (500) says so, and what needs a connection', () => {
    const failed = new DomainError(ErrorCode.INTERNAL, 'The server answered 502.')
    expect(failureText(failed, 'Webhooks')).toBe('The server answered 502. Webhooks need a connection.')
  })
})
