/**
 * A webhook endpoint's changes in the audit trail (its provider's and the organisation's), written in
 * the change's transaction: what the endpoint was and became (URL, events, enabled), never its secret.
 */
import {
  WEBHOOK_ENDPOINT_ACTIONS,
  type WebhookEndpointAction,
  type WebhookEndpointSnapshot,
} from '../../shared/auditEntities.js'
import type { WebhookEndpoint } from '../../shared/webhooks.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { recordAudit } from './audit.js'

/** What the trail keeps of an endpoint (with `previousSecretUntil` after a rotation). */
export function endpointSnapshot(
  endpoint: Pick<WebhookEndpoint, 'url' | 'events' | 'enabled'>,
): WebhookEndpointSnapshot {
  return { url: endpoint.url, events: [...endpoint.events], enabled: endpoint.enabled }
}

const sameSnapshot = (a: WebhookEndpointSnapshot, b: WebhookEndpointSnapshot) =>
  a.url === b.url && a.enabled === b.enabled && a.events.join() === b.events.join()

/**
 * Records `action` on the endpoint. An update that changed nothing (the same URL, events and state
 * sent again) is not recorded.
 */
export async function recordEndpointAudit(
  tx: Queryable,
  actor: Actor,
  action: WebhookEndpointAction,
  endpointId: string,
  before: WebhookEndpointSnapshot | null,
  after: WebhookEndpointSnapshot | null,
  /** Whose endpoint it is: the actor's own, unless an admin's change reached someone else's. */
  providerId: string = actor.userId,
): Promise<void> {
  if (action === WEBHOOK_ENDPOINT_ACTIONS.updated && before && after && sameSnapshot(before, after)) return
  await recordAudit(tx, actor, {
    action,
    entityType: 'webhook_endpoint',
    entityId: endpointId,
    providerId,
    before,
    after,
  })
}
