/**
 * Audit entries about the organisation's set-up rather than its slots and bookings, in words:
 * webhook endpoints (added, changed, disabled or re-enabled, secret rotated, deleted: the trail keeps
 * the URL, events and state, never the secret) and organisations created from this one.
 */
import {
  ORGANISATION_CREATED,
  WEBHOOK_ENDPOINT_ACTIONS,
  type WebhookEndpointSnapshot,
} from '../../../shared/auditEntities.js'
import type { AuditLine } from '../../data/organisationAdmin.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined

const snapshot = (value: unknown): Partial<WebhookEndpointSnapshot> =>
  typeof value === 'object' && value !== null ? (value as Partial<WebhookEndpointSnapshot>) : {}

const eventList = (events: unknown) =>
  Array.isArray(events) && events.length > 0 ? events.filter((e) => typeof e === 'string').join(', ') : ''

/**
 * "Dr. Ana Weber added the webhook endpoint https://example.com/hook (booking.created)"; "… disabled
 * the webhook endpoint …"; "… rotated the signing secret of the webhook endpoint … (the old secret
 * signs too until Friday 4 December 2026, 10:00)". `who`: the actor's name.
 */
export function describeWebhookEndpointChange(line: AuditLine, who: string, zone: string): string {
  const before = snapshot(line.before)
  const after = snapshot(line.after)
  const url = text(after.url) ?? text(before.url)
  const endpoint = url ? `the webhook endpoint ${url}` : `webhook endpoint ${line.entityId.slice(0, 8)}`
  switch (line.action) {
    case WEBHOOK_ENDPOINT_ACTIONS.created: {
      const events = eventList(after.events)
      return `${who} added ${endpoint}${events && ` (${events})`}`
    }
    case WEBHOOK_ENDPOINT_ACTIONS.deleted:
      return `${who} deleted ${endpoint}`
    case WEBHOOK_ENDPOINT_ACTIONS.secretRotated: {
      const until = text(after.previousSecretUntil)
      const grace = until ? ` (the old secret signs too until ${formatLongDateTime(until, zone)})` : ''
      return `${who} rotated the signing secret of ${endpoint}${grace}`
    }
    case WEBHOOK_ENDPOINT_ACTIONS.updated:
      return describeEndpointUpdate(who, before, after, endpoint)
    default:
      return `${who} ${line.action} ${endpoint}`
  }
}

function describeEndpointUpdate(
  who: string,
  before: Partial<WebhookEndpointSnapshot>,
  after: Partial<WebhookEndpointSnapshot>,
  endpoint: string,
): string {
  const enabledChanged = typeof after.enabled === 'boolean' && after.enabled !== before.enabled
  const changes: string[] = []
  if (text(before.url) && text(after.url) && before.url !== after.url)
    changes.push(`URL ${before.url} → ${after.url}`)
  const eventsBefore = eventList(before.events)
  const eventsAfter = eventList(after.events)
  if (eventsAfter && eventsBefore !== eventsAfter) changes.push(`events ${eventsAfter}`)
  const state = after.enabled ? 're-enabled' : 'disabled'
  // The system disables an endpoint that keeps failing, and says why.
  const why = !after.enabled && text(after.disabledReason) ? `: ${after.disabledReason}` : ''
  if (enabledChanged && changes.length === 0) return `${who} ${state} ${endpoint}${why}`
  if (enabledChanged) changes.push(state)
  return `${who} changed ${endpoint}${changes.length > 0 ? `: ${changes.join(', ')}` : ''}`
}

/** "Dr. Ana Weber created the organisation Weber Physio Potsdam (short name weber-potsdam)". */
export function describeOrganisationChange(line: AuditLine, who: string): string {
  const after = (line.after ?? {}) as { name?: unknown; slug?: unknown }
  const name = text(after.name) ?? `organisation ${line.entityId.slice(0, 8)}`
  const slug = text(after.slug)
  if (line.action !== ORGANISATION_CREATED) return `${who} ${line.action} ${name}`
  return `${who} created the organisation ${name}${slug ? ` (short name ${slug})` : ''}`
}
