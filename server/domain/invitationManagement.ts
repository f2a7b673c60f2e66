/**
 * An admin's view of the invitations they and the other admins made: the open ones (who made each,
 * for which role, until when; never the token, which is shown only when the link is made), and
 * revoking one before it is used. A revoked link is refused like a used or expired one
 * (openInvitation in organisations.ts answers INVITATION_REVOKED). Runs in the request's
 * organisation (invitations are tenant rows); the WHERE clauses repeat what row-level security
 * enforces anyway.
 */
import { MEMBERSHIP_ACTIONS } from '../../shared/auditEntities.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import type { PendingInvitation } from '../../shared/organisations.js'
import { type OrganisationActor, mayAdministerOrganisation } from '../../shared/policy.js'
import type { MembershipRole } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import { recordOrganisationAudit } from './audit.js'
import { isoInstant } from './rowValues.js'

/** The invitations of the actor's organisation that may still be used, newest first (admins only). */
export async function listOpenInvitations(
  tx: Queryable,
  actor: OrganisationActor,
): Promise<Outcome<PendingInvitation[]>> {
  if (!mayAdministerOrganisation(actor)) return refused(ErrorCode.FORBIDDEN)
  const { rows } = await tx.query<{
    id: string
    role: MembershipRole
    created_by: string
    creator_name: string
    created_at: Date
    expires_at: Date
  }>(
    `SELECT i.id, i.role, i.created_by, u.name AS creator_name, i.created_at, i.expires_at
     FROM invitations i JOIN users u ON u.id = i.created_by
     WHERE i.organisation_id = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
     ORDER BY i.created_at DESC, i.id`,
    [actor.organisationId],
  )
  return accepted(
    rows.map((r) => ({
      id: r.id,
      role: r.role,
      createdBy: { userId: r.created_by, name: r.creator_name },
      createdAt: isoInstant(r.created_at),
      expiresAt: isoInstant(r.expires_at),
    })),
  )
}

type RevokeRefusal =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVITATION_USED'
  | 'INVITATION_EXPIRED'
  | 'INVITATION_REVOKED'

/**
 * Revokes an open invitation of the actor's organisation (admins only): its link stops working at
 * once, and the trail says who revoked which (the role and expiry it had; never its token). An id
 * no invitation of this organisation has is NOT_FOUND; one already used, expired or revoked is
 * refused with that code, and nothing is written.
 */
export async function revokeInvitation(
  tx: Queryable,
  actor: OrganisationActor,
  invitationId: string,
): Promise<Outcome<{ id: string }, RevokeRefusal>> {
  if (!mayAdministerOrganisation(actor)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only an organisation admin revokes invitations.')
  }
  // Locked: a sign-up redeeming the link at this moment (also FOR UPDATE) either wins or finds it revoked.
  const { rows } = await tx.query<{
    role: MembershipRole
    expires_at: Date
    used_at: Date | null
    revoked_at: Date | null
    expired: boolean
  }>(
    `SELECT role, expires_at, used_at, revoked_at, expires_at <= now() AS expired
     FROM invitations WHERE id = $1 AND organisation_id = $2 FOR UPDATE`,
    [invitationId, actor.organisationId],
  )
  const row = rows[0]
  if (!row) {
    return refused(ErrorCode.NOT_FOUND, { invitationId }, 'This organisation has no such invitation.')
  }
  if (row.revoked_at)
    return refused(ErrorCode.INVITATION_REVOKED, { invitationId }, 'It was revoked already.')
  if (row.used_at) return refused(ErrorCode.INVITATION_USED, { invitationId })
  if (row.expired) return refused(ErrorCode.INVITATION_EXPIRED, { invitationId })
  await tx.query('UPDATE invitations SET revoked_at = now(), revoked_by = $2 WHERE id = $1', [
    invitationId,
    actor.userId,
  ])
  await recordOrganisationAudit(tx, actor.userId, actor.organisationId, {
    action: MEMBERSHIP_ACTIONS.invitationRevoked,
    entityType: 'invitation',
    entityId: invitationId,
    before: { role: row.role, expiresAt: isoInstant(row.expires_at) },
    after: null,
  })
  return accepted({ id: invitationId })
}
