/**
 * A write that a member may make only while they are a member (a booking, a slot, a webhook
 * endpoint, a series) holds their membership row FOR SHARE until its transaction ends. A removal, or
 * a role change, locks that row FOR UPDATE before it counts the member's upcoming work
 * (server/domain/memberManagement.ts), and the two locks conflict: either the write waits for the
 * removal and then finds no membership (refused, as a request made after the removal is), or the
 * removal waits for the write's commit and then counts what it wrote (MEMBER_HAS_UPCOMING_WORK).
 * Reading the membership without the lock (as authentication does, before the transaction) left a
 * moment in which both went through: a removed customer kept a seat they could no longer see or
 * cancel, a removed provider published slots nobody serves. FOR SHARE, not FOR KEY SHARE: only FOR
 * SHARE also conflicts with the role change's UPDATE (which changes no key).
 */
import { notAMemberDetails, notAMemberMessage } from '../../shared/membershipRefusal.js'
import { ErrorCode, type Refused, refused } from '../../shared/errors.js'
import { type Actor, type OrganisationActor, domainRole } from '../../shared/policy.js'
import type { MembershipRole } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

/**
 * Whether `actor` acts as a member of the organisation (a request's actor, which authentication
 * made from a membership): their membership is then checked and held by the write. The system
 * acting for someone (a waitlist promotion books for the waiter with a plain Actor) holds none here;
 * promoteWaitlist (server/domain/waitlist.ts) checks and holds the waiter's membership itself.
 */
export function actsAsMember(actor: Actor): actor is OrganisationActor {
  return 'organisationRole' in actor
}

/**
 * Locks the actor's membership in the transaction's organisation FOR SHARE (until the transaction
 * ends) and says why the write is refused, or null when it may go on: the membership is gone (the
 * "not a member" refusal authentication gives), or its role no longer `allows` the write
 * (`refusal`, the command's own). A transaction that names no organisation (the owner's work)
 * has no membership to check, nor does an actor that does not act as a member (actsAsMember).
 */
export async function heldMembershipRefusal(
  tx: Queryable,
  actor: Actor,
  allows: (actor: Actor) => boolean,
  refusal: () => Refused,
): Promise<Refused | null> {
  if (!actsAsMember(actor)) return null
  const { rows } = await tx.query<{ organisation_id: string | null; role: MembershipRole | null }>(
    `SELECT app_current_organisation()::text AS organisation_id,
            (SELECT m.role FROM memberships m
             WHERE m.organisation_id = app_current_organisation() AND m.user_id = $1 FOR SHARE) AS role`,
    [actor.userId],
  )
  const here = rows[0]
  if (!here?.organisation_id) return null
  if (here.role === null) {
    return refused(
      ErrorCode.FORBIDDEN,
      notAMemberDetails(here.organisation_id),
      notAMemberMessage(here.organisation_id),
    )
  }
  return allows({ userId: actor.userId, role: domainRole(here.role) }) ? null : refusal()
}
