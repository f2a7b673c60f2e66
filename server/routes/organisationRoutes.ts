/**
 * Organisations (issue 9): the caller's organisations (for the switcher), and for admins: create an
 * organisation, invite people with a single-use link, list the members, read the audit trail. A link
 * signs a new person up (accept) or adds a signed-in person to its organisation (redeem). The
 * invitation link carries its token in the URL fragment, which browsers never send to a server, so
 * it reaches no request log (invariant 11); the page posts it in a body.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AUDIT_ENTITY_TYPES } from '../../shared/auditEntities.js'
import {
  AcceptInvitationBody,
  InvitationPreview,
  InvitationToken,
  IssuedInvitation,
  Member,
  MyOrganisation,
  NewInvitationBody,
  NewOrganisationBody,
  OLDER_ENTRIES_HEADER,
  OLDER_ROWS_HEADER,
  Organisation,
  RedeemInvitationBody,
} from '../../shared/organisations.js'
import { SessionResponse } from '../../shared/schemas.js'
import { createAccount, signIn } from '../auth/accounts.js'
import { requireActor, requireUserId } from '../auth/authentication.js'
import {
  createInvitation,
  createOrganisation,
  listMembers,
  listMyOrganisations,
  markInvitationUsed,
  openInvitation,
  organisationAudit,
  redeemInvitation,
} from '../domain/organisations.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const AuditEntry = z.object({
  id: z.number().int(),
  actorId: z.string().nullable(),
  action: z.string(),
  entityType: z.enum(AUDIT_ENTITY_TYPES),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  at: z.string(),
  subject: z
    .object({ startTime: z.string(), reference: z.string().nullable(), serviceName: z.string().nullable() })
    .nullable()
    .describe('The slot or booking as stored now (null when it is not, e.g. a new slot refused)'),
})

const invitationErrors = {
  400: errorResponses[400],
  404: errorResponses[404].describe('INVITATION_INVALID: no invitation has this link'),
  410: errorResponses[404].describe('INVITATION_EXPIRED, INVITATION_USED or INVITATION_REVOKED'),
  429: errorResponses[429],
}

export const organisationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (
  app,
  { db, systemDb, config },
) => {
  app.get(
    '/organisations',
    {
      // A user who belongs to no organisation (any more) learns so here: an empty list.
      config: { withoutOrganisation: true },
      schema: {
        tags: ['organisations'],
        summary:
          "The caller's organisations and role in each (first = used when no X-Organisation-Id is sent)",
        response: { 200: z.array(MyOrganisation), 401: errorResponses[401] },
      },
    },
    async (request) => listMyOrganisations(db, requireUserId(request)),
  )

  app.post(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation (admins); the caller becomes its admin',
        body: NewOrganisationBody,
        response: { 201: Organisation, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => createOrganisation(tx, actor, request.body))
      return replyWithOutcome(reply, outcome, 201)
    },
  )

  app.get(
    '/organisation/members',
    {
      schema: {
        tags: ['organisations'],
        summary: "The current organisation's members (admins)",
        response: { 200: z.array(Member), ...errorResponses },
      },
    },
    async (request, reply) => replyWithOutcome(reply, await listMembers(db, requireActor(request))),
  )

  app.get(
    '/organisation/audit',
    {
      schema: {
        tags: ['organisations'],
        summary: "The current organisation's audit trail, newest first (admins), a page at a time",
        description:
          "Pages: pass the last entry's id as `before` for the next (older) entries. The " +
          `${OLDER_ENTRIES_HEADER} header says how many entries are older than the answer's last, and ` +
          `${OLDER_ROWS_HEADER} how many rows they start as the trail reads (a weekly pattern's ` +
          'slot.created entries, one member at one moment, are one row; an older entry on the row of ' +
          "the answer's last starts none).",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(200),
          before: z.coerce.number().int().min(1).optional(),
        }),
        response: { 200: z.array(AuditEntry), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { limit, before } = request.query
      const outcome = await organisationAudit(db, requireActor(request), { limit, before })
      if (!outcome.ok) return replyWithOutcome(reply, outcome)
      return reply
        .header(OLDER_ENTRIES_HEADER, String(outcome.value.older))
        .header(OLDER_ROWS_HEADER, String(outcome.value.olderRows))
        .send(outcome.value.entries)
    },
  )

  app.post(
    '/organisation/invitations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Create a single-use invitation link for a role (admins); the link is shown only now',
        body: NewInvitationBody,
        response: { 201: IssuedInvitation, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const { role, validDays } = request.body
      const outcome = await db.transaction((tx) => createInvitation(tx, actor, role, validDays))
      if (!outcome.ok) return replyWithOutcome(reply, outcome)
      const { id, token, expiresAt } = outcome.value
      const url = `${request.protocol}://${request.host}/#invitation=${token}`
      return reply.status(201).send({ id, url, token, role, expiresAt })
    },
  )

  // Redeeming runs before the organisation is known (the token names it): on the owner's database.
  app.post(
    '/invitations/preview',
    {
      config: { public: true },
      schema: {
        tags: ['organisations'],
        summary: 'What an invitation link is for (organisation, role), before signing up',
        security: [],
        body: z.object({ token: InvitationToken }),
        response: { 200: InvitationPreview, ...invitationErrors },
      },
    },
    async (request, reply) => {
      const outcome = await openInvitation(systemDb, request.body.token)
      if (!outcome.ok) return replyWithOutcome(reply, outcome)
      const { organisation, role, expiresAt } = outcome.value
      return reply.send({ organisation, role, expiresAt })
    },
  )

  app.post(
    '/invitations/accept',
    {
      config: { public: true },
      schema: {
        tags: ['organisations'],
        summary:
          'Sign up through an invitation link: a new account, a member of the organisation with the role ' +
          "invited, signed in (rate-limited like sign-in); timeZone is the device's IANA zone (default: the inviter's)",
        security: [],
        body: AcceptInvitationBody,
        response: { 201: SessionResponse, 409: errorResponses[409], ...invitationErrors },
      },
    },
    async (request, reply) => {
      const { token, name, email, password, timeZone } = request.body
      const outcome = await systemDb.transaction(async (tx) => {
        const invitation = await openInvitation(tx, token, true)
        if (!invitation.ok) return invitation
        const { organisation, role, inviterTimeZone } = invitation.value
        // A taken email throws (CONFLICT) and rolls the transaction back: the link stays unused.
        const user = await createAccount(tx, {
          email,
          name,
          password,
          // The device's zone (validated by the body schema); a client that sends none gets the
          // inviter's rather than UTC, which would put a provider's slots hours off their own clock.
          timeZone: timeZone ?? inviterTimeZone,
          role: role === 'customer' ? 'customer' : 'provider',
          organisationId: organisation.id,
          organisationRole: role,
        })
        await markInvitationUsed(tx, invitation.value, user.id)
        return invitation
      })
      if (!outcome.ok) return replyWithOutcome(reply, outcome)
      const session = await signIn(db, email, password, config.SESSION_TTL_HOURS)
      return reply.status(201).send(session)
    },
  )

  app.post(
    '/invitations/redeem',
    {
      // Also for someone who belongs to no organisation (any more): joining is their way back.
      config: { withoutOrganisation: true },
      schema: {
        tags: ['organisations'],
        summary:
          'Join the organisation of an invitation link as the signed-in user (someone who has an account ' +
          'already), with the role invited; uses the link (rate-limited like sign-in). Answers the ' +
          'organisation as GET /api/organisations lists it: the same session works there at once',
        body: RedeemInvitationBody,
        response: {
          201: MyOrganisation,
          401: errorResponses[401],
          403: errorResponses[403].describe(
            'X-Organisation-Id names an organisation the user is no member of',
          ),
          409: errorResponses[409].describe(
            'ALREADY_MEMBER: the user belongs to that organisation already (details: organisation, role); the link stays unused',
          ),
          ...invitationErrors,
        },
      },
    },
    async (request, reply) => {
      const userId = requireUserId(request)
      // The organisation is the invitation's, not the request's: on the owner's database, like accept.
      const outcome = await systemDb.transaction((tx) => redeemInvitation(tx, userId, request.body.token))
      return replyWithOutcome(reply, outcome, 201)
    },
  )
}
