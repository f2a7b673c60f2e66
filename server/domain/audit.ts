/**
 * The audit trail: one row per booking, slot or webhook endpoint change, written inside the change's
 * transaction, together with the webhook event the change raises, if any (the outbox:
 * server/domain/webhookEvents.ts).
 */
import type { AuditEntityType, MEMBERSHIP_ACTIONS, ORGANISATION_CREATED } from '../../shared/auditEntities.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { auditScope, mayReadAudit } from '../../shared/policy.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { isoInstant } from './rowValues.js'
import { recordWebhookEvent, webhookEventOfAudit } from './webhookEvents.js'

export interface AuditEntry {
  action: string
  /** `member`: a provider's own setting (server/domain/bookingConfirmation.ts), in their trail and the organisation's. */
  entityType: Exclude<AuditEntityType, 'invitation' | 'organisation'>
  entityId: string
  /** The provider whose slot or webhook endpoint the change concerns (who may read the entry). */
  providerId: string
  before: unknown
  after: unknown
}

export async function recordAudit(tx: Queryable, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      actor?.userId ?? null,
      entry.providerId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
    ],
  )
  // The one-statement booking (server/domain/bookSeat.ts) writes its audit and outbox rows itself.
  const event = webhookEventOfAudit(entry)
  if (event) await recordWebhookEvent(tx, event)
}

/**
 * An organisation's own change in its audit trail (an invitation created or revoked, a member joining
 * through one, a member's role changed or membership removed, another organisation created from it): no provider's (provider_id NULL, so a provider's trail
 * leaves it out) and no webhook event. The organisation is named: redeeming runs in the owner's
 * transaction, which names none.
 */
export async function recordOrganisationAudit(
  tx: Queryable,
  actorId: string,
  organisationId: string,
  entry:
    | {
        action: 'invitation.created' | 'member.joined'
        entityType: 'invitation'
        entityId: string
        after: unknown
      }
    | { action: typeof ORGANISATION_CREATED; entityType: 'organisation'; entityId: string; after: unknown }
    | {
        action: typeof MEMBERSHIP_ACTIONS.invitationRevoked
        entityType: 'invitation'
        entityId: string
        before: unknown
        after: unknown
      }
    | {
        action: typeof MEMBERSHIP_ACTIONS.roleChanged | typeof MEMBERSHIP_ACTIONS.removed
        entityType: 'member'
        /** The member's user id. */
        entityId: string
        before: unknown
        after: unknown
      },
): Promise<void> {
  const before = 'before' in entry && entry.before !== null ? JSON.stringify(entry.before) : null
  await tx.query(
    `INSERT INTO audit_log (organisation_id, actor_id, provider_id, action, entity_type, entity_id, before, after)
     VALUES ($1, $2, NULL, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      organisationId,
      actorId,
      entry.action,
      entry.entityType,
      entry.entityId,
      before,
      entry.after === null ? null : JSON.stringify(entry.after),
    ],
  )
}

export interface AuditFilter {
  entityId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  limit: number
}

export interface AuditRecord {
  id: number
  actorId: string | null
  action: string
  entityType: AuditEntityType
  entityId: string
  before: unknown
  after: unknown
  at: string
}

/** The trail of the provider's own slots, the bookings on them and their webhook endpoints, newest first. */
export async function listAudit(
  tx: Queryable,
  actor: Actor,
  filter: AuditFilter,
): Promise<Outcome<AuditRecord[]>> {
  if (!mayReadAudit(actor))
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only providers read the audit trail.')
  const { rows } = await tx.query<AuditRow>(
    `SELECT id, actor_id, action, entity_type, entity_id, before, after, at FROM audit_log
     WHERE ${auditScope}
       AND ($2::uuid IS NULL OR entity_id = $2)
       AND ($3::timestamptz IS NULL OR at >= $3)
       AND ($4::timestamptz IS NULL OR at < $4)
     ORDER BY id DESC LIMIT $5`,
    [actor.userId, filter.entityId ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
  )
  return accepted(rows.map(auditRecordFromRow))
}

export interface AuditRow {
  id: string | number
  actor_id: string | null
  action: string
  entity_type: AuditEntityType
  entity_id: string
  before: unknown
  after: unknown
  at: Date
}

export function auditRecordFromRow(r: AuditRow): AuditRecord {
  return {
    id: Number(r.id),
    actorId: r.actor_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    at: isoInstant(r.at),
  }
}
