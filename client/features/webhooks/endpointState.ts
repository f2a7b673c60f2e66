/**
 * An endpoint's state for its card's badge. An enabled endpoint whose deliveries fail (refused
 * connections, 500s) kept a green "enabled" for the minutes before the server disables it, although
 * the API says since when it fails (`failingSince`): it now reads "Failing since 14:05" (in the
 * viewer's zone; with the day when that was not today), in a warning colour.
 */
import type { WebhookEndpoint } from '../../../shared/webhooks.js'
import { dayKey, formatDay, formatLongDateTime, formatTime } from '../../ui/calendarTime.js'

export interface EndpointState {
  tone: 'on' | 'failing' | 'off'
  text: string
  /** The full moment, for the badge's title. */
  title?: string
}

export function endpointState(
  endpoint: Pick<WebhookEndpoint, 'enabled' | 'failingSince'>,
  zone: string,
  now: Date = new Date(),
): EndpointState {
  if (!endpoint.enabled) return { tone: 'off', text: 'disabled' }
  if (endpoint.failingSince === null) return { tone: 'on', text: 'enabled' }
  const since = endpoint.failingSince
  const today = dayKey(since, zone) === dayKey(now, zone)
  const when = today ? formatTime(since, zone) : `${formatDay(since, zone)}, ${formatTime(since, zone)}`
  return {
    tone: 'failing',
    text: `Failing since ${when}`,
    title: `Deliveries have failed since ${formatLongDateTime(since, zone)}`,
  }
}
