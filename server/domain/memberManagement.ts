/**
 * An admin changes a member's role or removes them from the organisation. The rules are in
 * shared/policy.ts (membershipChangeRefusal: admins only, never without an admin; leavesUpcomingWork);
 * this module asks them under a lock of the organisation and writes the change and its audit entry
 * in the caller's transaction.
 *
 * What a removal does to the member's slots and bookings — nothing vanishes, nothing is deleted:
 * - A member who still has upcoming work here is not removed (MEMBER_HAS_UPCOMING_WORK, 409, the
 *   details say how many): upcoming slots they provide (not deleted, not yet ended) and upcoming
 *   active bookings they are a party of (on their slots, or held as customer). Those must be
 *   cancelled or moved first by the people who may (the provider, the customer), so no customer is
 *   left with a booking nobody serves and no seat is held by someone who can no longer see it. The
 *   same holds for a role change between customer and provider (admin and provider are both the
 *   provider's side), which would also cut them off from those rows.
 * - Their past slots and bookings stay as they are (history, statistics, the audit trail names them
 *   "a former member").
 * - Their places on waitlists of this organisation are left (status LEFT, as if they had withdrawn),
 *   so a freed seat is never given to someone who no longer belongs here; the audit entry counts them.
 *   So are those of a customer made a provider or admin, who no longer books here (nor sees or
 *   cancels a booking as its customer); promoteWaitlist checks the same when it gives a seat.
 *
 * Access ends at once: every request looks its membership up (server/domain/sessions.ts), and the
 * booking route, which takes its actor from a per-process cache, has its statement check the
 * membership too (server/auth/sessionCache.ts).
 */
import { MEMBERSHIP_ACTIONS } from '../../shared/auditEntities.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import type { Member, UpcomingWork } from '../../shared/organisations.js'
import {
  type MembershipChange,
  type OrganisationActor,
  domainRole,
  leavesUpcomingWork,
  mayAdministerOrganisation,
  mayBook,
  mayManageWebhooks,
  membershipChangeRefusal,
} from '../../shared/policy.js'
import type { MembershipRole } from '../../shared/schemas.js'
import { hasUpcomingWork, upcomingWorkText } from '../../shared/upcomingWorkText.js'
import type { Queryable } from '../db/database.js'
import { recordOrganisationAudit } from './audit.js'
import { ACTIVE_STATUS_SQL } from './bookingRows.js'
import { type MemberRow, memberFromRow } from './organisations.js'
import { leaveEveryWaitlistHere } from './waitlist.js'
import { disableEndpointsOfFormerManager } from './webhookEndpoints.js'

type MembershipChangeRefusal = 'FORBIDDEN' | 'NOT_FOUND' | 'LAST_ADMIN' | 'MEMBER_HAS_UPCOMING_WORK'

/** The member's new role in the actor's organisation; the member as they are now. Same role: nothing written. */
export async function changeMemberRole(
  tx: Queryable,
  actor: OrganisationActor,
  userId: string,
  role: MembershipRole,
): Promise<Outcome<Member, MembershipChangeRefusal>> {
  const checked = await checkedChange(tx, actor, userId, role)
  if (!checked.ok) return checked
  const member = checked.value
  if (member.role === role) return accepted(memberFromRow(member))
  await tx.query('UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND user_id = $2', [
    actor.organisationId,
    userId,
    role,
  ])
  if (!mayManageWebhooks({ userId, role: domainRole(role) })) {
    await disableEndpointsOfFormerManager(
      tx,
      actor,
      userId,
      `disabled when ${member.name} became a customer here`,
    )
  }
  const stopsBooking =
    mayBook({ userId, role: domainRole(member.role) }) && !mayBook({ userId, role: domainRole(role) })
  const left = stopsBooking
    ? { waitlistPlacesLeft: await leaveEveryWaitlistHere(tx, actor.organisationId, userId) }
    : {}
  await recordOrganisationAudit(tx, actor.userId, actor.organisationId, {
    action: MEMBERSHIP_ACTIONS.roleChanged,
    entityType: 'member',
    entityId: userId,
    before: { role: member.role, name: member.name },
    after: { role, name: member.name, ...left },
  })
  return accepted(memberFromRow({ ...member, role }))
}

/** Removes the member from the actor's organisation (their account and other memberships stay). */
export async function removeMember(
  tx: Queryable,
  actor: OrganisationActor,
  userId: string,
): Promise<Outcome<{ userId: string }, MembershipChangeRefusal>> {
  const checked = await checkedChange(tx, actor, userId, null)
  if (!checked.ok) return checked
  const member = checked.value
  await tx.query('DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2', [
    actor.organisationId,
    userId,
  ])
  await disableEndpointsOfFormerManager(
    tx,
    actor,
    userId,
    `disabled when ${member.name} was removed from the organisation`,
  )
  const waitlistPlacesLeft = await leaveEveryWaitlistHere(tx, actor.organisationId, userId)
  await recordOrganisationAudit(tx, actor.userId, actor.organisationId, {
    action: MEMBERSHIP_ACTIONS.removed,
    entityType: 'member',
    entityId: userId,
    before: { role: member.role, name: member.name },
    after: { waitlistPlacesLeft },
  })
  return accepted({ userId })
}

/**
 * What would stop the member's removal (admins): their upcoming slots and active bookings here, so
 * the members page can say it before asking to confirm a removal that would be refused.
 */
export async function memberUpcomingWork(
  tx: Queryable,
  actor: OrganisationActor,
  userId: string,
): Promise<Outcome<UpcomingWork, 'FORBIDDEN' | 'NOT_FOUND'>> {
  if (!mayAdministerOrganisation(actor)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only an organisation admin changes memberships.')
  }
  const { rows } = await tx.query('SELECT 1 FROM memberships WHERE organisation_id = $1 AND user_id = $2', [
    actor.organisationId,
    userId,
  ])
  if (rows.length === 0) {
    return refused(ErrorCode.NOT_FOUND, { userId }, 'That person is not a member of this organisation.')
  }
  return accepted(await upcomingWork(tx, userId))
}

/**
 * The member as they are, when the change is allowed: the organisation row is locked first, so two
 * admins demoting each other at once are decided one after the other (the second sees one admin).
 * The membership row is locked next (FOR UPDATE), before the upcoming work is counted: a booking,
 * slot or webhook endpoint being written holds it FOR SHARE (server/domain/heldMembership.ts), so
 * the lock waits for that write's commit and the count, a later statement, sees what it wrote; a
 * write that comes after waits for this change and then finds the membership gone or changed.
 */
async function checkedChange(
  tx: Queryable,
  actor: OrganisationActor,
  userId: string,
  newRole: MembershipRole | null,
): Promise<Outcome<MemberRow, MembershipChangeRefusal>> {
  // Asked first without the lock: someone who is no admin learns nothing about the members.
  if (!mayAdministerOrganisation(actor)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only an organisation admin changes memberships.')
  }
  await tx.query('SELECT 1 FROM organisations WHERE id = $1 FOR NO KEY UPDATE', [actor.organisationId])
  const { rows } = await tx.query<MemberRow & { admins: number }>(
    `SELECT m.user_id, u.name, u.email, m.role, m.created_at,
            (SELECT count(*)::int FROM memberships a WHERE a.organisation_id = m.organisation_id AND a.role = 'admin') AS admins
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organisation_id = $1 AND m.user_id = $2
     FOR UPDATE OF m`,
    [actor.organisationId, userId],
  )
  const row = rows[0]
  if (!row) {
    return refused(ErrorCode.NOT_FOUND, { userId }, 'That person is not a member of this organisation.')
  }
  const { admins, ...member } = row
  const change: MembershipChange = { member: { userId, role: member.role }, newRole }
  if (membershipChangeRefusal(actor, change, admins) === 'LAST_ADMIN') {
    const who = userId === actor.userId ? 'You are' : `${member.name} is`
    return refused(
      ErrorCode.LAST_ADMIN,
      { userId, admins },
      `${who} the organisation's only admin, and an organisation always keeps at least one: make someone else an admin first.`,
    )
  }
  if (leavesUpcomingWork(change)) {
    const work = await upcomingWork(tx, userId)
    if (hasUpcomingWork(work)) {
      return refused(
        ErrorCode.MEMBER_HAS_UPCOMING_WORK,
        { userId, ...work },
        upcomingWorkText(member.name, member.role, work, newRole),
      )
    }
  }
  return accepted(member)
}

/** The member's upcoming slots and active bookings in the transaction's organisation (row-level security). */
async function upcomingWork(tx: Queryable, userId: string): Promise<UpcomingWork> {
  const { rows } = await tx.query<{ upcoming_slots: number; upcoming_bookings: number }>(
    `SELECT (SELECT count(*)::int FROM slots s
             WHERE s.provider_id = $1 AND NOT s.deleted AND s.end_time > now()) AS upcoming_slots,
            (SELECT count(*)::int FROM bookings b JOIN slots s ON s.id = b.slot_id
             WHERE (b.provider_id = $1 OR b.customer_id = $1) AND b.status IN (${ACTIVE_STATUS_SQL})
               AND NOT b.deleted AND s.end_time > now()) AS upcoming_bookings`,
    [userId],
  )
  const row = rows[0]
  return { upcomingSlots: row?.upcoming_slots ?? 0, upcomingBookings: row?.upcoming_bookings ?? 0 }
}
