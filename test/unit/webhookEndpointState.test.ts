/**
 * A webhook endpoint's badge (client/features/webhooks/endpointState.ts): an enabled endpoint whose
 * deliveries fail says since when (the full date, as every other time on the page), in the viewer's
 * zone, instead of a healthy "enabled".
 */
import { describe, expect, it } from 'vitest'
import { endpointState } from '../../client/features/webhooks/endpointState.js'

describe("a webhook endpoint's badge", () => {
  it('reads enabled while nothing fails, and disabled once disabled', () => {
    expect(endpointState({ enabled: true, failingSince: null }, 'Europe/Berlin')).toEqual({
      tone: 'on',
      text: 'enabled',
    })
    expect(endpointState({ enabled: false, failingSince: '2026-11-27T13:05:00Z' }, 'Europe/Berlin')).toEqual({
      tone: 'off',
      text: 'disabled',
    })
  })

  it("says since when an enabled endpoint's deliveries fail, with the full date in the viewer's zone", () => {
    const failing = { enabled: true, failingSince: '2026-11-27T13:05:00Z' }
    expect(endpointState(failing, 'Europe/Berlin')).toMatchObject({
      tone: 'failing',
      text: 'Failing since Friday 27 November 2026, 14:05',
      title: 'Deliveries have failed since Friday 27 November 2026, 14:05',
    })
    expect(endpointState(failing, 'America/New_York').text).toBe(
      'Failing since Friday 27 November 2026, 08:05',
    )
    // The day as the zone reads it: in UTC still the 26th, in Berlin already the 27th.
    const lateEvening = { enabled: true, failingSince: '2026-11-26T23:30:00Z' }
    expect(endpointState(lateEvening, 'UTC').text).toBe('Failing since Thursday 26 November 2026, 23:30')
    expect(endpointState(lateEvening, 'Europe/Berlin').text).toBe(
      'Failing since Friday 27 November 2026, 00:30',
    )
  })
})
