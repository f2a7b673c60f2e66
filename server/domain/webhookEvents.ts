/**
 * The webhook outbox (invariant 9): an event row, and one delivery row per subscribed endpoint,
 * written in the transaction of the change that causes them, so a change that rolls back leaves
 * no event and a committed one never loses its event. Delivery happens after commit
 * (server/webhooks/webhookQueue.ts). When no enabled endpoint of the provider wants the event, the
 * one statement below writes nothing and costs one index probe.
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

export async function recordWebhookEvent(tx: Queryable, event: WebhookEventInput): Promise<void> {
  await tx.query(
    `WITH subscribed AS (
       SELECT id FROM webhook_endpoints
       WHERE provider_id = $1 AND enabled AND $2 = ANY (events)
     ), event AS (
       INSERT INTO webhook_events (provider_id, type, entity_id, data)
       SELECT $1, $2, $3, $4::jsonb WHERE EXISTS (SELECT 1 FROM subscribed)
       RETURNING id
     )
     INSERT INTO webhook_deliveries (event_id, endpoint_id)
     SELECT event.id, subscribed.id FROM event, subscribed`,
    [event.providerId, event.type, event.entityId, JSON.stringify(event.object)],
  )
}

/** The webhook event an audited change raises (null: none, e.g. a booking's notes edit). */
export function webhookEventOfAudit(entry: AuditEntry): WebhookEventInput | null {
  const type = AUDIT_ACTION_EVENTS[entry.action]
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
  'slot.created': 'slot.changed',
  'slot.updated': 'slot.changed',
  'slot.deleted': 'slot.changed',
}
