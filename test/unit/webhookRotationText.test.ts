/**
 * What the Webhooks page says before and after a secret rotation (client/features/webhooks/rotationText.ts),
 * by the server's grace period, and which deliveries keep the open log reading every second.
 */
import { describe, expect, it } from 'vitest'
import { durationWords, rotationWarning } from '../../client/features/webhooks/rotationText.js'
import { onItsWay } from '../../client/features/webhooks/useDeliveryLog.js'

describe('the rotation words', () => {
  it('name the grace period in the largest whole unit', () => {
    expect(durationWords(86_400_000)).toBe('24 hours')
    expect(durationWords(3 * 86_400_000)).toBe('3 days')
    expect(durationWords(3_600_000)).toBe('1 hour')
    expect(durationWords(90 * 60_000)).toBe('90 minutes')
    expect(durationWords(1500)).toBe('2 seconds')
  })

  it('say what becomes of the current secret, and for how long it keeps working', () => {
    expect(rotationWarning({ previousSecretValidMs: 86_400_000 })).toBe(
      'A new signing secret is made and shown once. The current secret keeps working for 24 hours ' +
        '(messages carry both signatures meanwhile), then stops: update your receiver before then.',
    )
    expect(rotationWarning({ previousSecretValidMs: 0 })).toContain(
      'The current secret stops working at once',
    )
    expect(rotationWarning(null)).toContain('keeps working for a grace period')
  })
})

describe('deliveries on their way', () => {
  it('are those waiting to be queued or queued for their first try, not retries or settled ones', () => {
    expect(onItsWay({ status: 'pending', attempts: 0 })).toBe(true)
    expect(onItsWay({ status: 'queued', attempts: 0 })).toBe(true)
    expect(onItsWay({ status: 'queued', attempts: 2 })).toBe(false)
    expect(onItsWay({ status: 'delivered', attempts: 1 })).toBe(false)
    expect(onItsWay({ status: 'failed', attempts: 15 })).toBe(false)
  })
})
