/**
 * The delivery side of the webhook outbox, as the queue's worker (server/webhooks/webhookQueue.ts)
 * uses it: claim newly written deliveries for the queue, read what one attempt needs, and record
 * each attempt's result (the delivery log), the endpoint's failure run and its automatic disabling
 * (told to the endpoint's owner as a notification).
 */
import { randomUUID } from 'node:crypto'
import { WEBHOOK_ENDPOINT_ACTIONS } from '../../shared/auditEntities.js'
import {
  type AutomaticDisabling,
  type WebhookEventType,
  automaticDisablingReason,
} from '../../shared/webhooks.js'
import type { Queryable } from '../db/database.js'
import type { AttemptResult } from '../webhooks/postWebhook.js'
import { isoInstant } from './rowValues.js'

/** Whether the outbox holds anything: one plain statement, so an idle relay opens no transaction. */
export async function outboxHasRows(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT FROM webhook_outbox) AS any')
  return rows[0]?.any === true
}

/**
 * Makes the room of the outbox rows the relay deleted usable again (VACUUM). The outbox is a queue
 * without index: the relay and outboxHasRows scan it from its first page, through every row deleted
 * since the last vacuum (its size after a burst); autovacuum comes at most once a minute, and not at
 * all where it is turned off. Without TRUNCATE, which would take a lock that the bookings' inserts
 * wait for; SKIP_LOCKED: a vacuum already under way (another process's) is enough. Outside any
 * transaction, as VACUUM must be.
 */
export async function vacuumOutbox(db: Queryable): Promise<void> {
  await db.query('VACUUM (SKIP_LOCKED, TRUNCATE false) webhook_outbox')
}

/**
 * Takes up to `limit` rows of the outbox and writes their deliveries, queued, returning their ids in
 * outbox order. SKIP LOCKED: several processes relaying at once each take different rows. A row
 * whose delivery exists (a replay put it back as pending) makes it queued again; one whose endpoint
 * has been deleted meanwhile is dropped. The caller enqueues the jobs in the same transaction, so a
 * delivery is queued exactly when its job exists. A delivery's age (the retry limit) and its place
 * in the log count from its event.
 */
export async function relayOutbox(tx: Queryable, limit: number): Promise<number[]> {
  const { rows } = await tx.query<{ id: string | number }>(
    `WITH taken AS (
       DELETE FROM webhook_outbox
       WHERE ctid = ANY (ARRAY(SELECT ctid FROM webhook_outbox LIMIT $1 FOR UPDATE SKIP LOCKED))
       RETURNING event_id, endpoint_id
     )
     INSERT INTO webhook_deliveries AS d (event_id, endpoint_id, organisation_id, status, started_at, created_at)
     SELECT t.event_id, t.endpoint_id, e.organisation_id, 'queued', e.created_at, e.created_at
     FROM taken t
     JOIN webhook_events e ON e.id = t.event_id
     JOIN webhook_endpoints p ON p.id = t.endpoint_id
     ORDER BY t.event_id
     ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = 'queued' WHERE d.status = 'pending'
     RETURNING d.id`,
    [limit],
  )
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b)
}

export interface DueDelivery {
  id: number
  endpointId: string
  url: string
  enabled: boolean
  /** Every secret in force: the current one, and the previous one during a rotation's grace period. */
  secrets: string[]
  messageId: string
  attempts: number
  startedAt: Date
  /** The message as sent: the JSON of a WebhookPayload (shared/webhooks.ts). */
  body: string
}

/**
 * The deliveries as their next attempts need them, in outbox order; one no longer queued (done,
 * replayed, deleted) is left out.
 */
export async function readQueuedDeliveries(
  db: Queryable,
  deliveryIds: readonly number[],
): Promise<DueDelivery[]> {
  const { rows } = await db.query<{
    id: string | number
    endpoint_id: string
    url: string
    enabled: boolean
    secret: string
    previous_secret: string | null
    previous_in_force: boolean
    attempts: number
    started_at: Date
    event_id: string | number
    type: WebhookEventType
    entity_id: string
    data: string
    created_at: Date
  }>(
    `SELECT d.id, d.endpoint_id, p.url, p.enabled, p.secret, p.previous_secret,
            coalesce(p.previous_secret_until > now(), false) AS previous_in_force,
            d.attempts, d.started_at, e.id AS event_id, e.type, e.entity_id, e.data::text AS data, e.created_at
     FROM webhook_deliveries d
     JOIN webhook_endpoints p ON p.id = d.endpoint_id
     JOIN webhook_events e ON e.id = d.event_id
     WHERE d.id = ANY ($1::bigint[]) AND d.status = 'queued'
     ORDER BY d.event_id`,
    [deliveryIds],
  )
  return rows.map((r) => {
    const sequence = Number(r.event_id)
    return {
      id: Number(r.id),
      endpointId: r.endpoint_id,
      url: r.url,
      enabled: r.enabled,
      secrets: r.previous_in_force && r.previous_secret ? [r.secret, r.previous_secret] : [r.secret],
      // Standard Webhooks: the same id on every attempt (and replay), so a receiver can de-duplicate.
      messageId: `msg_${sequence}`,
      attempts: r.attempts,
      startedAt: r.started_at,
      body: messageBody(r.type, r.created_at, sequence, r.entity_id, r.data),
    }
  })
}

/**
 * The JSON of a WebhookPayload (`{type, timestamp, data: {sequence, entityId, object}}`) around the
 * event's object as the database writes out its jsonb: parsing that text only to serialise it again
 * (per delivery) was most of the worker's JSON work. The text is valid JSON; only its spacing
 * differs from JSON.stringify's, and the signature covers the bytes sent.
 */
function messageBody(
  type: WebhookEventType,
  createdAt: Date,
  sequence: number,
  entityId: string,
  objectJson: string,
): string {
  return `{"type":${JSON.stringify(type)},"timestamp":"${isoInstant(createdAt)}","data":{"sequence":${sequence},"entityId":${JSON.stringify(entityId)},"object":${objectJson}}}`
}

/**
 * Successful attempts, recorded together in one statement (no transaction needed): each delivery
 * delivered, and each endpoint's failure run ended.
 */
export async function recordDelivered(
  db: Queryable,
  delivered: readonly { delivery: Pick<DueDelivery, 'id' | 'endpointId'>; result: AttemptResult }[],
): Promise<void> {
  if (delivered.length === 0) return
  await db.query(
    `WITH done AS (
       UPDATE webhook_deliveries d SET
         status = 'delivered', attempts = d.attempts + 1, last_status_code = a.status_code,
         last_error = NULL, last_duration_ms = a.duration_ms, last_attempt_at = now(), delivered_at = now()
       FROM unnest($1::bigint[], $2::int[], $3::int[]) AS a (id, status_code, duration_ms)
       WHERE d.id = a.id
       RETURNING d.endpoint_id
     )
     UPDATE webhook_endpoints SET failing_since = NULL
     WHERE id IN (SELECT endpoint_id FROM done) AND failing_since IS NOT NULL`,
    [
      delivered.map((d) => d.delivery.id),
      delivered.map((d) => d.result.statusCode),
      delivered.map((d) => d.result.durationMs),
    ],
  )
}

/**
 * A failed attempt, into the delivery log (still queued, due again at `retryAt`, when retrying;
 * failed when given up) and the endpoint's health: the failure starts or extends the endpoint's
 * failure run, and disables the endpoint once the run (counted from its last re-enabling, if later) is
 * older than `disableAfterMs` (turnedOff: the reason, the audit trail and its owner's notification).
 */
export async function recordFailure(
  tx: Queryable,
  delivery: Pick<DueDelivery, 'id' | 'endpointId'>,
  result: AttemptResult,
  retryAt: Date | null,
  disableAfterMs: number,
): Promise<void> {
  await tx.query(
    `UPDATE webhook_deliveries SET
       status = CASE WHEN $2::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
       attempts = attempts + 1, last_status_code = $3, last_error = $4, last_duration_ms = $5,
       last_attempt_at = now(), next_attempt_at = $2
     WHERE id = $1`,
    [delivery.id, retryAt, result.statusCode, result.error, result.durationMs],
  )
  const { rows } = await tx.query<DisabledRow>(
    `WITH was AS (
       -- NO KEY UPDATE, as the UPDATE below takes: a FOR UPDATE would also wait for (and deadlock
       -- with) the relay's foreign-key checks (FOR KEY SHARE) on the endpoint.
       SELECT id, enabled FROM webhook_endpoints WHERE id = $1 FOR NO KEY UPDATE
     ), health AS (
       -- The run is too long when it (and the time since the last re-enabling) exceeds $2.
       UPDATE webhook_endpoints e SET
         failing_since = coalesce(failing_since, now()),
         enabled = e.enabled AND NOT coalesce(failing_since < now() - $2 * interval '1 millisecond'
           AND coalesce(reenabled_at < now() - $2 * interval '1 millisecond', true), false),
         disabled_by = CASE WHEN e.enabled THEN NULL ELSE disabled_by END
       FROM was WHERE e.id = was.id
       RETURNING e.id, e.organisation_id, e.provider_id, e.url, e.events, e.enabled, e.failing_since,
                 was.enabled AS was_enabled
     )
     SELECT id, organisation_id, provider_id, url, events, failing_since FROM health
     WHERE was_enabled AND NOT enabled`,
    [delivery.endpointId, disableAfterMs],
  )
  const disabled = rows[0]
  if (disabled) {
    await turnedOff(tx, disabled, {
      afterMs: disableAfterMs,
      failingSince: isoInstant(disabled.failing_since),
      lastError: result.error ?? 'unknown',
    })
  }
}

/**
 * recordFailure for each failed attempt of one transaction, in one lock order (by endpoint, then
 * delivery): two workers recording failures for the same endpoints at once never wait on each other
 * in a cycle (a walk saw deadlocks while an endpoint failed and bookings flowed).
 */
export async function recordFailures(
  tx: Queryable,
  failures: readonly { delivery: Pick<DueDelivery, 'id' | 'endpointId'>; result: AttemptResult }[],
  retryAt: Date | null,
  disableAfterMs: number,
): Promise<void> {
  const inLockOrder = [...failures].sort(
    (a, b) =>
      (a.delivery.endpointId < b.delivery.endpointId
        ? -1
        : a.delivery.endpointId > b.delivery.endpointId
          ? 1
          : 0) || a.delivery.id - b.delivery.id,
  )
  for (const { delivery, result } of inLockOrder) {
    await recordFailure(tx, delivery, result, retryAt, disableAfterMs)
  }
}

interface DisabledRow {
  id: string
  organisation_id: string
  provider_id: string
  url: string
  events: WebhookEventType[]
  failing_since: Date
}

/** An instant as the stored reason writes it: UTC, to the second ("2026-11-28T00:03:33Z"). */
const utcToTheSecond = (iso: string) => `${iso.slice(0, 19)}Z`

/**
 * An endpoint the server has just disabled, in the failed attempt's transaction: its reason (the
 * facts, and the words in UTC for the API and the trail), the audit trail's entry as a change by the
 * system (actor NULL, as a provider's own disabling is: webhookEndpointAudit.ts), and a
 * WEBHOOK_DISABLED notification to whoever registered it (only they may turn it on again:
 * webhookScope), so they hear of it in the bell on every device rather than on the page by chance.
 */
async function turnedOff(tx: Queryable, endpoint: DisabledRow, facts: AutomaticDisabling): Promise<void> {
  const reason = automaticDisablingReason(facts, utcToTheSecond)
  await tx.query(
    `WITH reason AS (
       UPDATE webhook_endpoints SET disabled_reason = $6, disabled_failing_since = $7,
         disabled_last_error = $8, disabled_after_ms = $9
       WHERE id = $1
     ), trail AS (
       INSERT INTO audit_log (organisation_id, actor_id, provider_id, action, entity_type, entity_id, before, after)
       VALUES ($2, NULL, $3, '${WEBHOOK_ENDPOINT_ACTIONS.updated}', 'webhook_endpoint', $1,
               jsonb_build_object('url', $4::text, 'events', to_jsonb($5::text[]), 'enabled', true),
               jsonb_build_object('url', $4::text, 'events', to_jsonb($5::text[]), 'enabled', false,
                                  'disabledReason', $6::text))
     )
     INSERT INTO notifications (id, organisation_id, user_id, kind, start_time, service_name, reason)
     VALUES ($10, $2, $3, 'WEBHOOK_DISABLED', $7, $4, $8)`,
    [
      endpoint.id,
      endpoint.organisation_id,
      endpoint.provider_id,
      endpoint.url,
      endpoint.events,
      reason,
      facts.failingSince,
      facts.lastError,
      facts.afterMs,
      randomUUID(),
    ],
  )
}

/** Queued deliveries whose endpoint has been disabled are given up (a replay sends them again). */
export async function failDeliveriesOfDisabledEndpoints(
  db: Queryable,
  deliveryIds: readonly number[],
): Promise<void> {
  if (deliveryIds.length === 0) return
  await db.query(
    `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint disabled'
     WHERE id = ANY ($1::bigint[]) AND status = 'queued'`,
    [deliveryIds],
  )
}
