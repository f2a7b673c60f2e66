/**
 * Organisations, memberships and invitations (issue 9). Organisations and memberships are global
 * tables (a person has one account and belongs to several organisations); invitations are tenant
 * rows under row-level security, except when a link is redeemed: then the organisation is not known
 * yet, and the caller passes the owner's database (see organisationRoutes.ts).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import type { Member, MyOrganisation, NewOrganisationBody, Organisation } from '../../shared/organisations.js'
import { type OrganisationActor, mayAdministerOrganisation } from '../../shared/policy.js'
import type { MembershipRole } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import { type AuditRecord, auditRecordFromRow, type AuditRow } from './audit.js'
import { isoInstant } from './rowValues.js'

/** Where rows written before organisations existed live, and where new accounts go by default. */
export const DEFAULT_ORGANISATION_ID = '00000000-0000-4000-8000-000000000001'

export async function addMembership(
  tx: Queryable,
  organisationId: string,
  userId: string,
  role: MembershipRole,
): Promise<void> {
  await tx.query(
    `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [organisationId, userId, role],
  )
}

/** The user's organisations, oldest membership first (the first is where a request without header works). */
export async function listMyOrganisations(tx: Queryable, userId: string): Promise<MyOrganisation[]> {
  const { rows } = await tx.query<{ id: string; name: string; slug: string; role: MembershipRole }>(
    `SELECT o.id, o.name, o.slug, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id
     WHERE m.user_id = $1 ORDER BY m.created_at, m.organisation_id`,
    [userId],
  )
  return rows
}

/** An admin creates another organisation and becomes its admin. */
export async function createOrganisation(
  tx: Queryable,
  actor: OrganisationActor,
  body: NewOrganisationBody,
): Promise<Outcome<Organisation>> {
  if (!mayAdministerOrganisation(actor)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only an organisation admin creates organisations.')
  }
  const { rows } = await tx.query<Organisation>(
    `INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)
     ON CONFLICT (slug) DO NOTHING RETURNING id, name, slug`,
    [randomUUID(), body.name, body.slug],
  )
  const created = rows[0]
  if (!created) return refused(ErrorCode.CONFLICT, { slug: body.slug }, 'That short name is taken.')
  await addMembership(tx, created.id, actor.userId, 'admin')
  return accepted(created)
}

export async function listMembers(tx: Queryable, actor: OrganisationActor): Promise<Outcome<Member[]>> {
  if (!mayAdministerOrganisation(actor)) return refused(ErrorCode.FORBIDDEN)
  const { rows } = await tx.query<{
    user_id: string
    name: string
    email: string
    role: MembershipRole
    created_at: Date
  }>(
    `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organisation_id = $1 ORDER BY m.role, u.name`,
    [actor.organisationId],
  )
  return accepted(
    rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      role: r.role,
      since: isoInstant(r.created_at),
    })),
  )
}

function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A new single-use invitation; returns the token, which is stored only as its hash. */
export async function createInvitation(
  tx: Queryable,
  actor: OrganisationActor,
  role: MembershipRole,
  validDays: number,
): Promise<Outcome<{ token: string; expiresAt: string }>> {
  if (!mayAdministerOrganisation(actor)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only an organisation admin invites people.')
  }
  const token = randomBytes(24).toString('base64url')
  const { rows } = await tx.query<{ expires_at: Date }>(
    `INSERT INTO invitations (id, organisation_id, token_hash, role, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) RETURNING expires_at`,
    [randomUUID(), actor.organisationId, invitationTokenHash(token), role, actor.userId, validDays],
  )
  return accepted({ token, expiresAt: isoInstant(rows[0]?.expires_at) })
}

type InvitationRefusal = 'INVITATION_INVALID' | 'INVITATION_EXPIRED' | 'INVITATION_USED'

export interface OpenInvitation {
  id: string
  organisation: Organisation
  role: MembershipRole
  expiresAt: string
  /** The zone of the admin who made it: a new account's zone when the sign-up names none. */
  inviterTimeZone: string
}

/**
 * The invitation behind a token, if it may still be used (locked FOR UPDATE when `lock`: the
 * redeeming transaction holds it so two sign-ups cannot both use it). Reads across organisations:
 * `tx` is the owner's.
 */
export async function openInvitation(
  tx: Queryable,
  token: string,
  lock = false,
): Promise<Outcome<OpenInvitation, InvitationRefusal>> {
  const { rows } = await tx.query<{
    id: string
    organisation_id: string
    name: string
    slug: string
    role: MembershipRole
    expires_at: Date
    used_at: Date | null
    expired: boolean
    inviter_time_zone: string
  }>(
    `SELECT i.id, i.organisation_id, o.name, o.slug, i.role, i.expires_at, i.used_at, i.expires_at <= now() AS expired,
            u.time_zone AS inviter_time_zone
     FROM invitations i JOIN organisations o ON o.id = i.organisation_id JOIN users u ON u.id = i.created_by
     WHERE i.token_hash = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
    [invitationTokenHash(token)],
  )
  const row = rows[0]
  if (!row) return refused(ErrorCode.INVITATION_INVALID)
  if (row.used_at) return refused(ErrorCode.INVITATION_USED)
  if (row.expired) return refused(ErrorCode.INVITATION_EXPIRED, { expiresAt: isoInstant(row.expires_at) })
  return accepted({
    id: row.id,
    organisation: { id: row.organisation_id, name: row.name, slug: row.slug },
    role: row.role,
    expiresAt: isoInstant(row.expires_at),
    inviterTimeZone: row.inviter_time_zone,
  })
}

/** Marks the (locked, open) invitation used by `userId`. */
export async function markInvitationUsed(tx: Queryable, invitationId: string, userId: string): Promise<void> {
  await tx.query('UPDATE invitations SET used_at = now(), used_by = $2 WHERE id = $1', [invitationId, userId])
}

/** The organisation's whole audit trail, newest first (admins only). */
export async function organisationAudit(
  tx: Queryable,
  actor: OrganisationActor,
  limit: number,
): Promise<Outcome<AuditRecord[]>> {
  if (!mayAdministerOrganisation(actor)) return refused(ErrorCode.FORBIDDEN)
  // The WHERE repeats what row-level security enforces anyway.
  const { rows } = await tx.query<AuditRow>(
    `SELECT id, actor_id, action, entity_type, entity_id, before, after, at FROM audit_log
     WHERE organisation_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [actor.organisationId, limit],
  )
  return accepted(rows.map(auditRecordFromRow))
}

/** The user's first organisation (where work outside a request, such as a calendar feed, runs). */
export async function firstOrganisation(tx: Queryable, userId: string): Promise<string | null> {
  const [first] = await listMyOrganisations(tx, userId)
  return first?.id ?? null
}
