/**
 * A webhook endpoint's badge (client/features/webhooks/endpointState.ts): an enabled endpoint whose
 * deliveries fail says since when, in the viewer's zone, instead of a healthy "enabled".
 */
import { describe, expect, it } from 'vitest'
import { endpointState } from '../../client/features/webhooks/endpointState.js'

const NOW = new Date('2026-11-27T15:00:00Z')

describe("a webhook endpoint's badge", () => {
  it('reads enabled while nothing fails, and disabled once disabled', () => {
    expect(endpointState({ enabled: true, failingSince: null }, 'Europe/Berlin', NOW)).toEqual({
      tone: 'on',
      text: 'enabled',
    })
    expect(
      endpointState({ enabled: false, failingSince: '2026-11-27T13:05:00Z' }, 'Europe/Berlin', NOW),
    ).toEqual({ tone: 'off', text: 'disabled' })
  })

  it("says 'Failing since HH:MM' in the viewer's zone while an enabled endpoint's deliveries fail", () => {
    const failing = { enabled: true, failingSince: '2026-11-27T13:05:00Z' }
    expect(endpointState(failing, 'Europe/Berlin', NOW)).toMatchObject({
      tone: 'failing',
      text: 'Failing since 14:05',
      title: 'Deliveries have failed since Friday 27 November 2026, 14:05',
    })
    expect(endpointState(failing, 'America/New_York', NOW).text).toBe('Failing since 08:05')
  })

  it('names the day when the failures began on another day in the zone', () => {
    const failing = { enabled: true, failingSince: '2026-11-26T23:30:00Z' }
    expect(endpointState(failing, 'UTC', NOW).text).toBe('Failing since Thu 26 Nov, 23:30')
    // In Berlin that was already the 27th: today.
    expect(endpointState(failing, 'Europe/Berlin', NOW).text).toBe('Failing since 00:30')
  })
})
