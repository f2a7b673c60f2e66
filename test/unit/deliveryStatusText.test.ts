import { describe, expect, it } from 'vitest'
import { deliveryStatusText, responseTimeText } from '../../client/features/webhooks/deliveryStatusText.js'

describe('a webhook delivery in words', () => {
  it('tells a delivery not yet tried from one waiting to be retried', () => {
    expect(deliveryStatusText({ status: 'queued', attempts: 0 })).toBe('queued')
    expect(deliveryStatusText({ status: 'queued', attempts: 1 })).toBe('retrying (1 attempt failed)')
    expect(deliveryStatusText({ status: 'queued', attempts: 3 })).toBe('retrying (3 attempts failed)')
  })

  it('says when it is delivered, given up on, or waiting for the relay', () => {
    expect(deliveryStatusText({ status: 'delivered', attempts: 2 })).toBe('delivered')
    expect(deliveryStatusText({ status: 'failed', attempts: 8 })).toBe('failed (gave up after 8 attempts)')
    expect(deliveryStatusText({ status: 'pending', attempts: 0 })).toBe('waiting to be queued')
  })

  it('gives a response time only when the receiver answered', () => {
    expect(responseTimeText({ lastStatusCode: 500, lastDurationMs: 12 })).toBe('12 ms')
    expect(responseTimeText({ lastStatusCode: null, lastDurationMs: 6 })).toBe('')
    expect(responseTimeText({ lastStatusCode: null, lastDurationMs: null })).toBe('')
  })
})
