/**
 * An admin manages what they created in their organisation: the invitations still open (listed
 * without their token, which is shown only when the link is made; revoked), and the members (a new
 * role, or removed). The rules and the audit entries are the domain's (invitationManagement.ts,
 * memberManagement.ts; the permissions in shared/policy.ts); a route validates and answers.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  InvitationParams,
  Member,
  MemberParams,
  MemberRoleBody,
  PendingInvitation,
  RemovedMember,
  RevokedInvitation,
  UpcomingWork,
} from '../../shared/organisations.js'
import { requireActor } from '../auth/authentication.js'
import { listOpenInvitations, revokeInvitation } from '../domain/invitationManagement.js'
import { changeMemberRole, memberUpcomingWork, removeMember } from '../domain/memberManagement.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const membershipConflicts = errorResponses[409].describe(
  'LAST_ADMIN: the organisation would be left without an admin; MEMBER_HAS_UPCOMING_WORK: the member ' +
    'still has upcoming slots or active bookings here (details: upcomingSlots, upcomingBookings)',
)

export const organisationMemberRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/organisation/invitations',
    {
      schema: {
        tags: ['organisations'],
        summary:
          "The current organisation's open invitations (admins): who made each, role, expiry; never the link",
        response: { 200: z.array(PendingInvitation), ...errorResponses },
      },
    },
    async (request, reply) => replyWithOutcome(reply, await listOpenInvitations(db, requireActor(request))),
  )

  app.delete(
    '/organisation/invitations/:id',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Revoke an open invitation (admins): its link then answers 410 INVITATION_REVOKED',
        params: InvitationParams,
        response: {
          200: RevokedInvitation,
          ...errorResponses,
          404: errorResponses[404].describe('NOT_FOUND: this organisation has no invitation with this id'),
          410: errorResponses[404].describe(
            'INVITATION_USED, INVITATION_EXPIRED or INVITATION_REVOKED already',
          ),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => revokeInvitation(tx, actor, request.params.id))
      return replyWithOutcome(reply, outcome)
    },
  )

  app.patch(
    '/organisation/members/:userId',
    {
      schema: {
        tags: ['organisations'],
        summary: "Change a member's role (admins); answers the member as listed",
        params: MemberParams,
        body: MemberRoleBody,
        response: {
          200: Member,
          ...errorResponses,
          404: errorResponses[404].describe('NOT_FOUND: no member of this organisation has this id'),
          409: membershipConflicts,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const { userId } = request.params
      const outcome = await db.transaction((tx) => changeMemberRole(tx, actor, userId, request.body.role))
      return replyWithOutcome(reply, outcome)
    },
  )

  app.get(
    '/organisation/members/:userId/upcoming-work',
    {
      schema: {
        tags: ['organisations'],
        summary:
          "A member's upcoming slots and active bookings here (admins): what would refuse their removal " +
          '(MEMBER_HAS_UPCOMING_WORK), read before asking to confirm it',
        params: MemberParams,
        response: {
          200: UpcomingWork,
          ...errorResponses,
          404: errorResponses[404].describe('NOT_FOUND: no member of this organisation has this id'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => memberUpcomingWork(tx, actor, request.params.userId))
      return replyWithOutcome(reply, outcome)
    },
  )

  app.delete(
    '/organisation/members/:userId',
    {
      schema: {
        tags: ['organisations'],
        summary:
          'Remove a member from the organisation (admins; themself only while another admin remains). ' +
          'Their account, other organisations and past slots and bookings stay; their waitlist places here are left',
        params: MemberParams,
        response: {
          200: RemovedMember,
          ...errorResponses,
          404: errorResponses[404].describe('NOT_FOUND: no member of this organisation has this id'),
          409: membershipConflicts,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => removeMember(tx, actor, request.params.userId))
      return replyWithOutcome(reply, outcome)
    },
  )
}
