/**
 * Webhook endpoints and their delivery log, as the provider manages them over REST: register (the
 * secret is answered once), list, change (URL, events, enable / re-enable), delete, rotate the
 * secret, read the deliveries, replay a delivery or an event. Who may: shared/policy.ts
 * (mayManageWebhooks, webhookScope). Each change is in the audit trail (webhookEndpointAudit.ts).
 */
import { randomUUID } from 'node:crypto'
import { WEBHOOK_ENDPOINT_ACTIONS } from '../../shared/auditEntities.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { mayManageWebhooks, webhookScope } from '../../shared/policy.js'
import type {
  AutomaticDisabling,
  CreateWebhookEndpoint,
  SecretRotationRule,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEventType,
} from '../../shared/webhooks.js'
import { webhookUrlKey } from '../../shared/webhooks.js'
import type { Queryable } from '../db/database.js'
import { isPrivateHost } from '../webhooks/privateHosts.js'
import { newWebhookSecret } from '../webhooks/signing.js'
import type { Actor } from './actor.js'
import { heldMembershipRefusal } from './heldMembership.js'
import { isoInstant } from './rowValues.js'
import { endpointSnapshot, recordEndpointAudit } from './webhookEndpointAudit.js'

export interface EndpointRules {
  /** WEBHOOK_ALLOW_PRIVATE_HOSTS */
  allowPrivateHosts: boolean
}

interface EndpointRow {
  id: string
  url: string
  events: WebhookEventType[]
  enabled: boolean
  disabled_reason: string | null
  disabled_failing_since: Date | null
  disabled_last_error: string | null
  disabled_after_ms: string | number | null
  failing_since: Date | null
  previous_secret_until: Date | null
  created_at: Date
}

const ENDPOINT_COLUMNS = `id, url, events, enabled, disabled_reason, disabled_failing_since, disabled_last_error,
  disabled_after_ms, failing_since, previous_secret_until, created_at`

function endpointOf(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    automaticDisabling: automaticDisablingOf(row),
    failingSince: row.failing_since ? isoInstant(row.failing_since) : null,
    previousSecretUntil: row.previous_secret_until ? isoInstant(row.previous_secret_until) : null,
    createdAt: isoInstant(row.created_at),
  }
}

/** The facts of an automatic disabling (migration 033), null unless the server disabled it. */
function automaticDisablingOf(row: EndpointRow): AutomaticDisabling | null {
  const { disabled_failing_since: since, disabled_last_error: lastError, disabled_after_ms: afterMs } = row
  if (row.enabled || since === null || lastError === null || afterMs === null) return null
  return { afterMs: Number(afterMs), failingSince: isoInstant(since), lastError }
}

const notAllowed = () =>
  refused(ErrorCode.FORBIDDEN, undefined, 'Only providers manage webhooks (their own endpoints).')
const noEndpoint = (id: string) =>
  refused(ErrorCode.NOT_FOUND, { endpointId: id }, 'No such webhook endpoint.')

function hostRefusal(url: string | undefined, rules: EndpointRules) {
  if (url === undefined || rules.allowPrivateHosts || !isPrivateHost(new URL(url).hostname)) return null
  return refused(
    ErrorCode.VALIDATION_FAILED,
    [{ path: ['url'], message: 'must not be a loopback or private address' }],
    'Webhook URLs on loopback or private addresses are not allowed on this server.',
  )
}

/**
 * Whether `url` is taken by another of the manager's endpoints (compared as webhookUrlKey writes
 * them: legacy rows were stored as sent). Under a transaction lock per manager, so two registrations
 * of one URL at once cannot both pass; the unique index (migration 027) is the database's own guard.
 */
async function urlTaken(tx: Queryable, actor: Actor, url: string, exceptId: string | null) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhook_endpoints:' || $1::text, 0))`, [
    actor.userId,
  ])
  const { rows } = await tx.query<{ id: string; url: string }>(
    `SELECT id, url FROM webhook_endpoints WHERE ${webhookScope} ORDER BY created_at, id`,
    [actor.userId],
  )
  const key = webhookUrlKey(url)
  const existing = rows.find((row) => row.id !== exceptId && webhookUrlKey(row.url) === key)
  if (!existing) return null
  return refused(
    ErrorCode.WEBHOOK_ENDPOINT_EXISTS,
    { endpointId: existing.id, url: existing.url },
    `An endpoint for ${existing.url} already exists: change its events instead of adding another (each would receive every event).`,
  )
}

export async function createWebhookEndpoint(
  tx: Queryable,
  actor: Actor,
  input: CreateWebhookEndpoint,
  rules: EndpointRules,
): Promise<Outcome<WebhookEndpointWithSecret>> {
  if (!mayManageWebhooks(actor)) return notAllowed()
  // Held until the commit: a concurrent removal then disables this endpoint too, or it is refused.
  const notMember = await heldMembershipRefusal(tx, actor, mayManageWebhooks, notAllowed)
  if (notMember) return notMember
  const refusal = hostRefusal(input.url, rules) ?? (await urlTaken(tx, actor, input.url, null))
  if (refusal) return refusal
  const secret = newWebhookSecret()
  const { rows } = await tx.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, provider_id, url, events, secret)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLUMNS}`,
    [randomUUID(), actor.userId, webhookUrlKey(input.url), [...new Set(input.events)], secret],
  )
  const created = endpointOf(mustHave(rows[0]))
  await recordEndpointAudit(
    tx,
    actor,
    WEBHOOK_ENDPOINT_ACTIONS.created,
    created.id,
    null,
    endpointSnapshot(created),
  )
  return accepted({ ...created, secret })
}

export async function listWebhookEndpoints(tx: Queryable, actor: Actor): Promise<Outcome<WebhookEndpoint[]>> {
  if (!mayManageWebhooks(actor)) return notAllowed()
  const { rows } = await tx.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE ${webhookScope} ORDER BY created_at, id`,
    [actor.userId],
  )
  return accepted(rows.map(endpointOf))
}

/**
 * A URL (stored as webhookUrlKey writes it; another endpoint's URL is refused) or events change,
 * disabling (the reason names who: "disabled by <name>, an admin"), re-enabling. Re-enabling restarts
 * the automatic disabling's clock (`reenabled_at`: the full WEBHOOK_DISABLE_AFTER_MS again) and ends
 * the failure run (`failingSince`): the owner turns it on once the receiver works, and a page still
 * saying "failing since" the old run read as if it did not.
 */
export async function updateWebhookEndpoint(
  tx: Queryable,
  actor: Actor,
  endpointId: string,
  change: UpdateWebhookEndpoint,
  rules: EndpointRules,
): Promise<Outcome<WebhookEndpoint>> {
  if (!mayManageWebhooks(actor)) return notAllowed()
  // Held until the commit: a concurrent removal, which disables the member's endpoints, is not undone
  // by turning one on again at the same moment (heldMembership.ts).
  const notMember = await heldMembershipRefusal(tx, actor, mayManageWebhooks, notAllowed)
  if (notMember) return notMember
  const hostProblem = hostRefusal(change.url, rules)
  if (hostProblem) return hostProblem
  const before = await tx.query<Pick<EndpointRow, 'url' | 'events' | 'enabled'>>(
    `SELECT url, events, enabled FROM webhook_endpoints WHERE id = $2 AND ${webhookScope} FOR UPDATE`,
    [actor.userId, endpointId],
  )
  const was = before.rows[0]
  if (!was) return noEndpoint(endpointId)
  // The same URL sent again (the edit form sends it with the events) is no change: the stored text
  // stays as it is, and an endpoint registered twice before migration 027 can still have its events changed.
  const newUrl =
    change.url !== undefined && webhookUrlKey(change.url) !== webhookUrlKey(was.url) ? change.url : undefined
  const taken = newUrl === undefined ? null : await urlTaken(tx, actor, newUrl, endpointId)
  if (taken) return taken
  const { rows } = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET
       url = COALESCE($3, url),
       registered_twice = registered_twice AND url = COALESCE($3, url),
       events = COALESCE($4, events),
       enabled = COALESCE($5, enabled),
       disabled_reason = CASE WHEN $5 IS NULL OR $5 = enabled THEN disabled_reason
                              WHEN $5 THEN NULL
                              ELSE 'disabled by ' || coalesce(
                                (SELECT u.name || ', ' || CASE m.role WHEN 'admin' THEN 'an admin' ELSE 'a ' || m.role END
                                 FROM users u JOIN memberships m ON m.user_id = u.id
                                 WHERE u.id = $1 AND m.organisation_id = webhook_endpoints.organisation_id),
                                'a former member') END,
       disabled_by = CASE WHEN $5 IS NULL OR $5 = enabled THEN disabled_by WHEN $5 THEN NULL ELSE $1::uuid END,
       reenabled_at = CASE WHEN $5 AND NOT enabled THEN now() ELSE reenabled_at END,
       failing_since = CASE WHEN $5 AND NOT enabled THEN NULL ELSE failing_since END,
       disabled_failing_since = CASE WHEN $5 THEN NULL ELSE disabled_failing_since END,
       disabled_last_error = CASE WHEN $5 THEN NULL ELSE disabled_last_error END,
       disabled_after_ms = CASE WHEN $5 THEN NULL ELSE disabled_after_ms END
     WHERE id = $2 AND ${webhookScope}
     RETURNING ${ENDPOINT_COLUMNS}`,
    [
      actor.userId,
      endpointId,
      newUrl === undefined ? null : webhookUrlKey(newUrl),
      change.events ? [...new Set(change.events)] : null,
      change.enabled ?? null,
    ],
  )
  const updated = endpointOf(mustHave(rows[0]))
  await recordEndpointAudit(
    tx,
    actor,
    WEBHOOK_ENDPOINT_ACTIONS.updated,
    endpointId,
    endpointSnapshot(was),
    endpointSnapshot(updated),
  )
  return accepted(updated)
}

export async function deleteWebhookEndpoint(
  tx: Queryable,
  actor: Actor,
  endpointId: string,
): Promise<Outcome<{ id: string }>> {
  if (!mayManageWebhooks(actor)) return notAllowed()
  const { rows } = await tx.query<Pick<EndpointRow, 'url' | 'events' | 'enabled'>>(
    `DELETE FROM webhook_endpoints WHERE id = $2 AND ${webhookScope} RETURNING url, events, enabled`,
    [actor.userId, endpointId],
  )
  const deleted = rows[0]
  if (!deleted) return noEndpoint(endpointId)
  await recordEndpointAudit(
    tx,
    actor,
    WEBHOOK_ENDPOINT_ACTIONS.deleted,
    endpointId,
    endpointSnapshot(deleted),
    null,
  )
  return accepted({ id: endpointId })
}

/**
 * A new secret, answered once. The old one keeps signing next to it (two signatures per message)
 * for `graceMs`, so receivers can switch without missing a message. The trail records the rotation
 * and until when the old secret signs, not the secret.
 */
export async function rotateWebhookSecret(
  tx: Queryable,
  actor: Actor,
  endpointId: string,
  graceMs: number,
): Promise<Outcome<WebhookEndpointWithSecret>> {
  if (!mayManageWebhooks(actor)) return notAllowed()
  const secret = newWebhookSecret()
  const { rows } = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET
       previous_secret = secret,
       previous_secret_until = now() + $4 * interval '1 millisecond',
       secret = $3
     WHERE id = $2 AND ${webhookScope}
     RETURNING ${ENDPOINT_COLUMNS}`,
    [actor.userId, endpointId, secret, graceMs],
  )
  if (!rows[0]) return noEndpoint(endpointId)
  const rotated = endpointOf(rows[0])
  await recordEndpointAudit(tx, actor, WEBHOOK_ENDPOINT_ACTIONS.secretRotated, endpointId, null, {
    ...endpointSnapshot(rotated),
    previousSecretUntil: rotated.previousSecretUntil,
  })
  return accepted({ ...rotated, secret })
}

/** What a rotation does to the old secret (`graceMs`: WEBHOOK_SECRET_GRACE_MS), said before one. */
export function secretRotationRule(actor: Actor, graceMs: number): Outcome<SecretRotationRule> {
  return mayManageWebhooks(actor) ? accepted({ previousSecretValidMs: graceMs }) : notAllowed()
}

interface DeliveryRow {
  id: string | number
  event_id: string | number
  type: WebhookEventType
  entity_id: string
  status: WebhookDelivery['status']
  attempts: number
  last_status_code: number | null
  last_error: string | null
  last_duration_ms: number | null
  last_attempt_at: Date | null
  delivered_at: Date | null
  created_at: Date
  earlier_attempts: number
  replays: number
  replayed_at: Date | null
  replayed_by: string | null
  next_attempt_at: Date | null
}

/** The endpoint's delivery log, newest first. */
export async function listWebhookDeliveries(
  tx: Queryable,
  actor: Actor,
  endpointId: string,
  limit: number,
): Promise<Outcome<WebhookDelivery[]>> {
  if (!mayManageWebhooks(actor)) return notAllowed()
  const owned = await tx.query(`SELECT 1 FROM webhook_endpoints WHERE id = $2 AND ${webhookScope}`, [
    actor.userId,
    endpointId,
  ])
  if (owned.rowCount === 0) return noEndpoint(endpointId)
  return accepted(
    await readDeliveries(tx, 'd.endpoint_id = $1 ORDER BY d.id DESC LIMIT $2', [endpointId, limit]),
  )
}

/** Deliveries as the log shows them, those `where` picks (after the FROM; $n its `params`). */
async function readDeliveries(tx: Queryable, where: string, params: unknown[]): Promise<WebhookDelivery[]> {
  const { rows } = await tx.query<DeliveryRow>(
    `SELECT d.id, d.event_id, e.type, e.entity_id, d.status, d.attempts, d.last_status_code, d.last_error,
            d.last_duration_ms, d.last_attempt_at, d.delivered_at, d.created_at, d.earlier_attempts, d.replays,
            d.replayed_at, (SELECT u.name FROM users u WHERE u.id = d.replayed_by) AS replayed_by,
            CASE WHEN d.status = 'queued' THEN d.next_attempt_at END AS next_attempt_at
     FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
     WHERE ${where}`,
    params,
  )
  return rows.map((r) => ({
    id: Number(r.id),
    eventId: Number(r.event_id),
    eventType: r.type,
    entityId: r.entity_id,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    lastDurationMs: r.last_duration_ms,
    lastAttemptAt: r.last_attempt_at ? isoInstant(r.last_attempt_at) : null,
    deliveredAt: r.delivered_at ? isoInstant(r.delivered_at) : null,
    createdAt: isoInstant(r.created_at),
    earlierAttempts: r.earlier_attempts,
    replays: r.replays,
    replayedAt: r.replayed_at ? isoInstant(r.replayed_at) : null,
    replayedBy: r.replayed_by,
    nextAttemptAt: r.next_attempt_at ? isoInstant(r.next_attempt_at) : null,
  }))
}

/**
 * Sends a delivery again (delivered or failed ones; one still on its way is left as it is): pending,
 * and back in the outbox, from where the relay queues it. Its history stays in the log: the attempts
 * made so far move to `earlier_attempts` (`attempts`, which the retry limits count, starts afresh),
 * and the row says how often, when last and by whom it was replayed. The message keeps its webhook-id, so a receiver that
 * already has it can tell. `target` is one delivery, or every delivery of one event. Answers the
 * replayed deliveries as they now stand, so the log shows them pending at once (the relay may have
 * sent them again before a later read).
 */
export async function replayWebhook(
  tx: Queryable,
  actor: Actor,
  target: { deliveryId: number } | { eventId: number },
): Promise<Outcome<{ replayed: number; deliveries: WebhookDelivery[] }>> {
  if (!mayManageWebhooks(actor)) return notAllowed()
  const byDelivery = 'deliveryId' in target
  const { rows } = await tx.query<{ id: string | number; status: string }>(
    `SELECT d.id, d.status FROM webhook_deliveries d
     JOIN webhook_endpoints p ON p.id = d.endpoint_id
     WHERE ${byDelivery ? 'd.id' : 'd.event_id'} = $2 AND p.${webhookScope}
     FOR UPDATE OF d`,
    [actor.userId, byDelivery ? target.deliveryId : target.eventId],
  )
  if (rows.length === 0) {
    return refused(ErrorCode.NOT_FOUND, target, byDelivery ? 'No such delivery.' : 'No such event.')
  }
  const done = rows.filter((r) => r.status === 'delivered' || r.status === 'failed').map((r) => Number(r.id))
  if (done.length > 0) {
    await tx.query(
      `WITH replayed AS (
         UPDATE webhook_deliveries SET status = 'pending', earlier_attempts = earlier_attempts + attempts,
           attempts = 0, started_at = now(), delivered_at = NULL, next_attempt_at = NULL,
           replays = replays + 1, replayed_at = now(), replayed_by = $2
         WHERE id = ANY ($1::bigint[])
         RETURNING event_id, endpoint_id
       )
       INSERT INTO webhook_outbox (event_id, endpoint_id) SELECT event_id, endpoint_id FROM replayed`,
      [done, actor.userId],
    )
  }
  const deliveries = done.length > 0 ? await readDeliveries(tx, 'd.id = ANY ($1::bigint[])', [done]) : []
  return accepted({ replayed: done.length, deliveries })
}

function mustHave<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('expected a row')
  return row
}

/**
 * A member who no longer manages webhooks in the organisation (removed, or made a customer): their
 * enabled endpoints there are disabled, saying why, so a former member's URL receives none of the
 * organisation's events (a disabled endpoint keeps none: README "Webhooks"). Kept, not deleted: the
 * URL, secret and delivery log stay for whoever may read them. Returns how many were disabled.
 */
export async function disableEndpointsOfFormerManager(
  tx: Queryable,
  actor: Actor & { organisationId: string },
  memberId: string,
  why: string,
): Promise<number> {
  const { rows } = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, disabled_by = $4
     WHERE provider_id = $1 AND organisation_id = $2 AND enabled
     RETURNING ${ENDPOINT_COLUMNS}`,
    [memberId, actor.organisationId, why, actor.userId],
  )
  for (const row of rows) {
    const after = endpointSnapshot(endpointOf(row))
    const before = { ...after, enabled: true }
    await recordEndpointAudit(tx, actor, WEBHOOK_ENDPOINT_ACTIONS.updated, row.id, before, after, memberId)
  }
  return rows.length
}
