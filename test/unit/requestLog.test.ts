import { describe, expect, it } from 'vitest'
import { loggableUrl } from '../../server/http/requestLog.js'

describe('loggableUrl', () => {
  it('redacts every credential-looking query value and keeps the rest', () => {
    expect(loggableUrl('/api/calendar/feed.ics?token=s3cret')).toBe(
      '/api/calendar/feed.ics?token=%5Bredacted%5D',
    )
    expect(loggableUrl('/api/replication/stream?access_token=abc&x=1')).toBe(
      '/api/replication/stream?access_token=%5Bredacted%5D&x=1',
    )
    expect(loggableUrl('/x?ticket=a&ticket=b&webhook_secret=c&password=d')).not.toMatch(/=(a|b|c|d)(&|$)/)
    expect(loggableUrl('/api/slots?from=2026-01-01&providerId=p')).toBe(
      '/api/slots?from=2026-01-01&providerId=p',
    )
    expect(loggableUrl('/api/slots')).toBe('/api/slots')
  })
})
