/**
 * What a delivery log row says besides its status (the next attempt of a retrying delivery, and a
 * replay: by whom, when, after how many attempts), and the system's words when it disables an endpoint.
 */
import { describe, expect, it } from 'vitest'
import { deliveryNotes } from '../../client/features/webhooks/deliveryStatusText.js'
import { automaticDisablingText } from '../../shared/webhooks.js'

const now = new Date('2026-11-27T15:00:00Z')
const fresh = { replays: 0, replayedAt: null, replayedBy: null, earlierAttempts: 0, nextAttemptAt: null }

describe('a delivery log row’s notes', () => {
  it('says when a retrying delivery is tried next, in the viewer’s zone, with the day when not today', () => {
    expect(
      deliveryNotes(
        { ...fresh, status: 'queued', nextAttemptAt: '2026-11-27T15:00:42Z' },
        'Europe/Berlin',
        now,
      ),
    ).toEqual(['next attempt at 16:00:42'])
    expect(
      deliveryNotes({ ...fresh, status: 'queued', nextAttemptAt: '2026-11-28T01:00:00Z' }, 'UTC', now),
    ).toEqual(['next attempt at Sat 28 Nov, 01:00:00'])
    // Done: no next attempt, whatever the row kept.
    expect(
      deliveryNotes({ ...fresh, status: 'delivered', nextAttemptAt: '2026-11-27T15:00:42Z' }, 'UTC', now),
    ).toEqual([])
  })

  it('keeps a replay’s history: by whom, when, how often, and the attempts before', () => {
    const replayed = {
      ...fresh,
      status: 'delivered' as const,
      replays: 1,
      replayedAt: '2026-11-27T14:05:12Z',
      replayedBy: 'Ada Admin',
      earlierAttempts: 3,
    }
    expect(deliveryNotes(replayed, 'UTC', now)).toEqual([
      'replayed by Ada Admin at 14:05:12; 3 attempts before',
    ])
    expect(deliveryNotes({ ...replayed, replays: 2, earlierAttempts: 1 }, 'UTC', now)).toEqual([
      'replayed by Ada Admin at 14:05:12 (2 replays); 1 attempt before',
    ])
  })
})

describe('the system’s reason for disabling an endpoint', () => {
  it('says after how long', () => {
    expect(automaticDisablingText(3 * 3_600_000)).toBe('disabled automatically after 3 hours of failures: ')
    expect(automaticDisablingText(86_400_000)).toBe('disabled automatically after 1 day of failures: ')
    expect(automaticDisablingText(90 * 60_000)).toBe('disabled automatically after 90 minutes of failures: ')
    expect(automaticDisablingText(2000)).toBe('disabled automatically after 2 seconds of failures: ')
  })
})
