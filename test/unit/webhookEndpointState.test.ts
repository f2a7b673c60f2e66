/**
 * A webhook endpoint's badge (client/features/webhooks/endpointState.ts): an enabled endpoint whose
 * deliveries fail says since when (the full date, as every other time on the page), in the viewer's
 * zone, instead of a healthy "enabled".
 */
import { describe, expect, it } from 'vitest'
import { disabledReasonText, endpointState } from '../../client/features/webhooks/endpointState.js'

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

  it("words an automatic disabling's time in the viewer's zone, not the stored UTC timestamp", () => {
    const endpoint = {
      disabledReason:
        'disabled automatically after 3 hours of failures: failing continuously since 2026-11-28T00:03:33Z (last error: HTTP 500)',
      automaticDisabling: {
        afterMs: 3 * 3_600_000,
        failingSince: '2026-11-28T00:03:33.512Z',
        lastError: 'HTTP 500',
      },
    }
    expect(disabledReasonText(endpoint, 'Europe/Berlin')).toBe(
      'disabled automatically after 3 hours of failures: failing continuously since Saturday 28 November 2026, 01:03 (last error: HTTP 500)',
    )
    expect(disabledReasonText(endpoint, 'America/New_York')).toBe(
      'disabled automatically after 3 hours of failures: failing continuously since Friday 27 November 2026, 19:03 (last error: HTTP 500)',
    )
  })

  it("says a member's disabling as the server wrote it, and nothing while enabled", () => {
    const byHand = { disabledReason: 'disabled by Dr Lee, a provider', automaticDisabling: null }
    expect(disabledReasonText(byHand, 'Europe/Berlin')).toBe('disabled by Dr Lee, a provider')
    expect(disabledReasonText({ disabledReason: null, automaticDisabling: null }, 'Europe/Berlin')).toBeNull()
  })
})
