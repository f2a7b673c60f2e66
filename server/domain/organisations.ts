/**
 * Organisations, memberships and invitations (issue 9). Organisations and memberships are global
 * tables (a person has one account and belongs to several organisations); invitations are tenant
 * rows under row-level security, except when a link is redeemed: then the organisation is not known
 * yet, and the caller passes the owner's database (see organisationRoutes.ts).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { ORGANISATION_CREATED } from '../../shared/auditEntities.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import type { Member, MyOrganisation, NewOrganisationBody, Organisation } from '../../shared/organisations.js'
import { type OrganisationActor, mayAdministerOrganisation } from '../../shared/policy.js'
import type { MembershipRole } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import { type AuditRecord, auditRecordFromRow, type AuditRow, recordOrganisationAudit } from './audit.js'
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

/**
 * An admin creates another organisation and becomes its admin; the trail of the organisation they
 * did it from says so (the new one's name and short name), and so does the new one's own trail (who
 * created it, when), both in the same transaction.
 */
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
  const entry = {
    action: ORGANISATION_CREATED,
    entityType: 'organisation',
    entityId: created.id,
    after: { name: created.name, slug: created.slug },
  } as const
  await recordOrganisationAudit(tx, actor.userId, actor.organisationId, entry)
  await asOrganisation(tx, created.id, () => recordOrganisationAudit(tx, actor.userId, created.id, entry))
  return accepted(created)
}

/**
 * Runs `work` in transaction `tx` as organisation `organisationId`, then back in the transaction's own:
 * row-level security admits a tenant row only in the organisation the transaction names, and a
 * request's transaction names the request's (server/db/tenantScope.ts). The setting is
 * transaction-local, so the connection's own (its session setting on PostgreSQL) is untouched after commit.
 */
async function asOrganisation<T>(tx: Queryable, organisationId: string, work: () => Promise<T>): Promise<T> {
  const { rows } = await tx.query<{ previous: string | null }>(
    "SELECT current_setting('app.organisation_id', true) AS previous",
  )
  await tx.query("SELECT set_config('app.organisation_id', $1, true)", [organisationId])
  const result = await work()
  await tx.query("SELECT set_config('app.organisation_id', $1, true)", [rows[0]?.previous ?? ''])
  return result
}

export async function listMembers(tx: Queryable, actor: OrganisationActor): Promise<Outcome<Member[]>> {
  if (!mayAdministerOrganisation(actor)) return refused(ErrorCode.FORBIDDEN)
  const { rows } = await tx.query<MemberRow>(
    `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organisation_id = $1 ORDER BY m.role, u.name`,
    [actor.organisationId],
  )
  return accepted(rows.map(memberFromRow))
}

/** A membership joined with its user (memberships m JOIN users u): what the members list shows. */
export interface MemberRow {
  user_id: string
  name: string
  email: string
  role: MembershipRole
  created_at: Date
}

export function memberFromRow(r: MemberRow): Member {
  return { userId: r.user_id, name: r.name, email: r.email, role: r.role, since: isoInstant(r.created_at) }
}

/** Only this hash of an invitation's token is stored (and looked up); the token itself never is. */
function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A new single-use invitation; returns the token, which is stored only as its hash. */
export async function createInvitation(
  tx: Queryable,
  actor: OrganisationActor,
  role: MembershipRole,
  validDays: number,
): Promise<Outcome<{ id: string; token: string; expiresAt: string }>> {
  if (!mayAdministerOrganisation(actor)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only an organisation admin invites people.')
  }
  const token = randomBytes(24).toString('base64url')
  const id = randomUUID()
  const { rows } = await tx.query<{ expires_at: Date }>(
    `INSERT INTO invitations (id, organisation_id, token_hash, role, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) RETURNING expires_at`,
    [id, actor.organisationId, invitationTokenHash(token), role, actor.userId, validDays],
  )
  const expiresAt = isoInstant(rows[0]?.expires_at)
  await recordOrganisationAudit(tx, actor.userId, actor.organisationId, {
    action: 'invitation.created',
    entityType: 'invitation',
    entityId: id,
    after: { role, expiresAt },
  })
  return accepted({ id, token, expiresAt })
}

type InvitationRefusal =
  | 'INVITATION_INVALID'
  | 'INVITATION_EXPIRED'
  | 'INVITATION_USED'
  | 'INVITATION_REVOKED'

export interface OpenInvitation {
  id: string
  organisation: Organisation
  role: MembershipRole
  expiresAt: string
  /** The zone of the admin who made it: a new account's zone when the sign-up names none. */
  inviterTimeZone: string
  /** The admin who made it. */
  invitedBy: string
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
    revoked_at: Date | null
    expired: boolean
    inviter_time_zone: string
    created_by: string
  }>(
    `SELECT i.id, i.organisation_id, o.name, o.slug, i.role, i.expires_at, i.used_at, i.revoked_at,
            i.expires_at <= now() AS expired,
            u.time_zone AS inviter_time_zone, i.created_by
     FROM invitations i JOIN organisations o ON o.id = i.organisation_id JOIN users u ON u.id = i.created_by
     WHERE i.token_hash = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
    [invitationTokenHash(token)],
  )
  const row = rows[0]
  if (!row) return refused(ErrorCode.INVITATION_INVALID)
  // Revoked by an admin (invitationManagement.ts): refused like a used or expired link.
  if (row.revoked_at) return refused(ErrorCode.INVITATION_REVOKED)
  if (row.used_at) return refused(ErrorCode.INVITATION_USED)
  if (row.expired) return refused(ErrorCode.INVITATION_EXPIRED, { expiresAt: isoInstant(row.expires_at) })
  return accepted({
    id: row.id,
    organisation: { id: row.organisation_id, name: row.name, slug: row.slug },
    role: row.role,
    expiresAt: isoInstant(row.expires_at),
    inviterTimeZone: row.inviter_time_zone,
    invitedBy: row.created_by,
  })
}

/**
 * Marks the (locked, open) invitation used by `userId`, who has just become a member through it,
 * and says so in the organisation's audit trail (who joined, with which role, invited by whom).
 */
export async function markInvitationUsed(
  tx: Queryable,
  invitation: OpenInvitation,
  userId: string,
): Promise<void> {
  await tx.query('UPDATE invitations SET used_at = now(), used_by = $2 WHERE id = $1', [
    invitation.id,
    userId,
  ])
  await recordOrganisationAudit(tx, userId, invitation.organisation.id, {
    action: 'member.joined',
    entityType: 'invitation',
    entityId: invitation.id,
    after: { role: invitation.role, invitedBy: invitation.invitedBy },
  })
}

/**
 * A signed-in user redeems an invitation link: they become a member of its organisation with its
 * role, and the link is used, both in `tx` (the owner's: the organisation is not the request's).
 * Someone who is a member there already is refused (ALREADY_MEMBER, naming the organisation and
 * their role, which stays as it is) and the link stays unused for the person it was meant for.
 * Refusals write nothing. The answer names the organisation and role only, as the switcher lists them.
 */
export async function redeemInvitation(
  tx: Queryable,
  userId: string,
  token: string,
): Promise<Outcome<MyOrganisation, InvitationRefusal | 'ALREADY_MEMBER'>> {
  const invitation = await openInvitation(tx, token, true)
  if (!invitation.ok) return invitation
  const { organisation, role } = invitation.value
  // DO NOTHING, not addMembership's update: an invitation never changes a member's role. The
  // conflict also settles two links of one organisation redeemed by the same user at once.
  const { rows } = await tx.query(
    `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id, user_id) DO NOTHING RETURNING role`,
    [organisation.id, userId, role],
  )
  if (rows.length === 0) {
    const existing = await tx.query<{ role: MembershipRole }>(
      'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2',
      [organisation.id, userId],
    )
    const memberRole = existing.rows[0]?.role ?? role
    return refused(
      ErrorCode.ALREADY_MEMBER,
      { organisation, role: memberRole },
      `You are already a member of ${organisation.name} (${memberRole}); the invitation link was not used.`,
    )
  }
  await markInvitationUsed(tx, invitation.value, userId)
  return accepted({ ...organisation, role })
}

/** The slot or booking an audit entry concerns, as it is now: names an entry whose snapshot does not. */
export interface AuditSubject {
  /** The slot's start, or the booking's (its slot's). */
  startTime: string
  /** A booking's reference ("UNI-7K3Q2M"); null for a slot. */
  reference: string | null
  serviceName: string | null
}

export interface OrganisationAuditRecord extends AuditRecord {
  /** Null when the slot or booking is not stored (e.g. a new slot the server refused). */
  subject: AuditSubject | null
}

export interface OrganisationAuditPage {
  entries: OrganisationAuditRecord[]
  /** How many entries are older than the page's last one (0: the trail ends with this page). */
  older: number
  /**
   * How many rows of the trail as the page shows it start among those older entries (a weekly
   * pattern's slots are one row; an older entry on the row of the page's last is not counted).
   */
  olderRows: number
}

/** An entry's (at, id): the trail's order, newest first; an unknown id (or another organisation's) is NULL. */
const POSITION_OF = (param: string) =>
  `(SELECT c.at, c.id FROM audit_log c WHERE c.id = ${param} AND c.organisation_id = $1)`

/**
 * The organisation's audit trail a page at a time, newest first (admins only): `limit` entries after
 * the entry `before` (an id from an earlier page; none: from the newest), so entries written meanwhile
 * shift nothing. Each entry comes with its subject as stored now, and the page with how many older
 * entries follow it.
 */
export async function organisationAudit(
  tx: Queryable,
  actor: OrganisationActor,
  page: { limit: number; before?: number | undefined },
): Promise<Outcome<OrganisationAuditPage>> {
  if (!mayAdministerOrganisation(actor)) return refused(ErrorCode.FORBIDDEN)
  // The WHERE repeats what row-level security enforces anyway.
  const { rows } = await tx.query<AuditRow & SubjectRow>(
    `SELECT a.id, a.actor_id, a.action, a.entity_type, a.entity_id, a.before, a.after, a.at,
            COALESCE(s.start_time, b.start_time) AS subject_start, b.reference AS subject_reference,
            sv.name AS subject_service
     FROM audit_log a
     LEFT JOIN slots s ON a.entity_type = 'slot' AND s.id = a.entity_id
     LEFT JOIN bookings b ON a.entity_type = 'booking' AND b.id = a.entity_id
     LEFT JOIN services sv ON sv.id = COALESCE(s.service_id, b.service_id)
     WHERE a.organisation_id = $1 AND ($3::bigint IS NULL OR (a.at, a.id) < ${POSITION_OF('$3')})
     ORDER BY a.at DESC, a.id DESC LIMIT $2`,
    [actor.organisationId, page.limit, page.before ?? null],
  )
  const last = rows.at(-1)
  let older = { entries: 0, rows: 0 }
  if (last && rows.length === page.limit) {
    // Each older entry, and whether it goes on the row of the entry before it (the page's last for the
    // first): continuesAuditRow in shared/organisations.ts, the rule the page groups rows by. `at` is
    // compared to the millisecond, as the page compares the instants it is sent.
    const counted = await tx.query<{ entries: number; rows: number }>(
      `SELECT count(*)::int AS entries, count(*) FILTER (WHERE NOT t.continues)::int AS rows
       FROM (SELECT a.at, a.id,
                    COALESCE(a.action = 'slot.created'
                             AND lag(a.action) OVER w = a.action
                             AND lag(a.actor_id) OVER w IS NOT DISTINCT FROM a.actor_id
                             AND lag(date_trunc('milliseconds', a.at)) OVER w = date_trunc('milliseconds', a.at),
                             false) AS continues
             FROM audit_log a
             WHERE a.organisation_id = $1 AND (a.at, a.id) <= ${POSITION_OF('$2')}
             WINDOW w AS (ORDER BY a.at DESC, a.id DESC)) t
       WHERE (t.at, t.id) < ${POSITION_OF('$2')}`,
      [actor.organisationId, last.id],
    )
    older = counted.rows[0] ?? older
  }
  const entries = rows.map((row) => ({ ...auditRecordFromRow(row), subject: subjectFromRow(row) }))
  return accepted({ entries, older: older.entries, olderRows: older.rows })
}

interface SubjectRow {
  subject_start: Date | null
  subject_reference: string | null
  subject_service: string | null
}

function subjectFromRow(row: SubjectRow): AuditSubject | null {
  if (!row.subject_start) return null
  return {
    startTime: isoInstant(row.subject_start),
    reference: row.subject_reference,
    serviceName: row.subject_service,
  }
}
