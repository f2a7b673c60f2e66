/**
 * The webhook outbox (invariant 9): an event row, and one webhook_outbox row per subscribed
 * endpoint, written in the transaction of the change that causes them, so a change that rolls back
 * leaves no event and a committed one never loses its event. Delivery happens after commit: the
 * relay turns outbox rows into deliveries and jobs (server/webhooks/webhookQueue.ts). An outbox row
 * is two ids in a table without index or foreign key, the cheapest row PostgreSQL writes (migration
 * 019). When no enabled endpoint of the provider wants the event, the outbox's part of the statement
 * writes nothing and costs one index probe.
 */
import type { WebhookEventType } from '../../shared/webhooks.js'
import type { Queryable } from '../db/database.js'
import type { AuditEntry } from './audit.js'

export interface WebhookEventInput {
  type: WebhookEventType
  /** The provider whose endpoints receive it (the organisation, once tenancy exists). */
  providerId: string
  /** The booking or slot the event is about: a receiver orders one entity's events by sequence. */
  entityId: string
  /** The entity as it is after the change (before it, for a deletion). */
  object: unknown
}

/**
 * The outbox rule, as common table expressions for the statement of the change itself (the one
 * source of these rows: recordWebhookEvent below, bookSeat's single statement and a push batch's
 * bookings). `source` names a relation with columns provider_id, type, entity_id, data (jsonb), one
 * row per event. For each, it writes the event and one outbox row per enabled endpoint of the
 * provider subscribed to the type, or, when there is none, nothing. Defines hook_subscribed,
 * hook_event and hook_outbox.
 */
export function webhookOutboxCtes(source: string): string {
  return `hook_subscribed AS (
  SELECT e.id, e.provider_id, src.type FROM webhook_endpoints e
  JOIN (SELECT DISTINCT provider_id, type FROM ${source}) src ON e.provider_id = src.provider_id
  WHERE e.enabled AND src.type = ANY (e.events)
), hook_event AS (
  INSERT INTO webhook_events (provider_id, type, entity_id, data)
  SELECT provider_id, type, entity_id, data FROM ${source} src
  WHERE EXISTS (SELECT 1 FROM hook_subscribed h WHERE h.provider_id = src.provider_id AND h.type = src.type)
  RETURNING id, provider_id, type
), hook_outbox AS (
  INSERT INTO webhook_outbox (event_id, endpoint_id)
  SELECT ev.id, h.id FROM hook_event ev JOIN hook_subscribed h ON h.provider_id = ev.provider_id AND h.type = ev.type
)`
}

const RECORD_EVENT_SQL = `WITH hook_source AS (
  SELECT $1::uuid AS provider_id, $2::text AS type, $3::uuid AS entity_id, $4::jsonb AS data
), ${webhookOutboxCtes('hook_source')}
SELECT 1`

export async function recordWebhookEvent(tx: Queryable, event: WebhookEventInput): Promise<void> {
  await tx.query(RECORD_EVENT_SQL, [
    event.providerId,
    event.type,
    event.entityId,
    JSON.stringify(event.object),
  ])
}

/** The webhook event type an audited action raises (undefined: none, e.g. a booking's notes edit). */
export function webhookEventOfAction(action: string): WebhookEventType | undefined {
  return AUDIT_ACTION_EVENTS[action]
}

/**
 * The webhook event `action` raises, for SQL that writes its outbox rows itself and is built once at
 * load (bookSeat.ts, slots.ts); throws at load if the action raises none.
 */
export function requiredWebhookEvent(action: string): WebhookEventType {
  const type = webhookEventOfAction(action)
  if (!type || !/^[a-z.]+$/.test(type)) throw new Error(`${action} must raise a webhook event`)
  return type
}

/** The webhook event an audited change raises (null: none, e.g. a booking's notes edit). */
export function webhookEventOfAudit(entry: AuditEntry): WebhookEventInput | null {
  const type = webhookEventOfAction(entry.action)
  if (!type) return null
  return {
    type,
    providerId: entry.providerId,
    entityId: entry.entityId,
    object: entry.after ?? entry.before,
  }
}

const AUDIT_ACTION_EVENTS: Record<string, WebhookEventType | undefined> = {
  'booking.created': 'booking.created',
  'booking.confirmed': 'booking.confirmed',
  'booking.cancelled': 'booking.cancelled',
  'booking.completed': 'booking.completed',
  'booking.rejected': 'booking.rejected',
  'booking.deleted': 'booking.deleted',
  'booking.rescheduled': 'booking.rescheduled',
  'slot.created': 'slot.changed',
  'slot.updated': 'slot.changed',
  'slot.deleted': 'slot.changed',
}
