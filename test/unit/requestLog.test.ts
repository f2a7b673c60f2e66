import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { declaredQueryParams, loggableUrl } from '../../server/http/requestLog.js'

const declared = (...names: string[]) => new Set(names)

describe('loggableUrl', () => {
  it("keeps the values of the route's declared parameters and replaces every credential-looking one", () => {
    expect(loggableUrl('/api/calendar/feed.ics?token=s3cret', declared('token'))).toBe(
      '/api/calendar/feed.ics?token=%5Bredacted%5D',
    )
    expect(loggableUrl('/api/replication/stream?access_token=abc&x=1', declared('x'))).toBe(
      '/api/replication/stream?access_token=%5Bredacted%5D&x=1',
    )
    expect(loggableUrl('/x?ticket=a&ticket=b&webhook_secret=c&password=d')).not.toMatch(/=(a|b|c|d)(&|$)/)
    expect(loggableUrl('/api/slots?from=2026-01-01&providerId=p', declared('from', 'providerId'))).toBe(
      '/api/slots?from=2026-01-01&providerId=p',
    )
    expect(loggableUrl('/api/slots')).toBe('/api/slots')
  })

  it('replaces the value of any parameter the route does not declare, whatever its name (a walk logged 9 of 10)', () => {
    const token = 'GYD2RbC4y8m1dJ3_d90YeYK2v6Dylz-pHbgMG8tLgDk'
    for (const name of [
      'authorization',
      'auth',
      'session',
      'sid',
      'bearer',
      'jwt',
      'access',
      'credentials',
      't',
    ]) {
      const logged = loggableUrl(`/api/slots?${name}=${token}&from=2026-01-01`, declared('from', 'limit'))
      expect(logged).toBe(`/api/slots?${name}=%5Bredacted%5D&from=2026-01-01`)
    }
    // A path no route answers declares nothing: every value goes.
    expect(loggableUrl(`/api/nothing?q=${token}`)).toBe('/api/nothing?q=%5Bredacted%5D')
  })
})

describe('declaredQueryParams', () => {
  it("reads a zod object's shape, a transform's input, a JSON schema's properties; nothing else", () => {
    expect(declaredQueryParams(z.object({ from: z.string(), limit: z.number() }))).toEqual(
      declared('from', 'limit'),
    )
    expect(declaredQueryParams(z.object({ checkpoint: z.string() }).transform((q) => q.checkpoint))).toEqual(
      declared('checkpoint'),
    )
    expect(declaredQueryParams({ type: 'object', properties: { before: { type: 'string' } } })).toEqual(
      declared('before'),
    )
    expect(declaredQueryParams(undefined)).toEqual(declared())
    expect(declaredQueryParams(z.string())).toEqual(declared())
  })
})
