/**
 * An endpoint's state for its card's badge. An enabled endpoint whose deliveries fail (refused
 * connections, 500s) kept a green "enabled" for the minutes before the server disables it, although
 * the API says since when it fails (`failingSince`): it now reads "Failing since Friday 27 November
 * 2026, 14:05" (in the viewer's zone; the full date, as every other time on the page), in a warning colour.
 */
import { type WebhookEndpoint, automaticDisablingReason } from '../../../shared/webhooks.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'

export interface EndpointState {
  tone: 'on' | 'failing' | 'off'
  text: string
  /** The full moment, for the badge's title. */
  title?: string
}

export function endpointState(
  endpoint: Pick<WebhookEndpoint, 'enabled' | 'failingSince'>,
  zone: string,
): EndpointState {
  if (!endpoint.enabled) return { tone: 'off', text: 'disabled' }
  if (endpoint.failingSince === null) return { tone: 'on', text: 'enabled' }
  const since = formatLongDateTime(endpoint.failingSince, zone)
  return {
    tone: 'failing',
    text: `Failing since ${since}`,
    title: `Deliveries have failed since ${since}`,
  }
}

/**
 * Why the endpoint is off, beside its badge: an automatic disabling worded from its facts, with the
 * time in the viewer's zone as every other time on the page (the stored reason's is UTC); a member's
 * disabling as the server wrote it ("disabled by <name>, a provider"). Null while enabled.
 */
export function disabledReasonText(
  endpoint: Pick<WebhookEndpoint, 'disabledReason' | 'automaticDisabling'>,
  zone: string,
): string | null {
  if (endpoint.automaticDisabling)
    return automaticDisablingReason(endpoint.automaticDisabling, (iso) => formatLongDateTime(iso, zone))
  return endpoint.disabledReason
}
