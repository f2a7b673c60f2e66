/**
 * Resolves `Authorization: Bearer <token>` to an Actor on every request. The token is accepted in
 * that header only, never in a URL: URLs are written to logs and kept in histories (invariant 11);
 * the live stream's client sends the header too (client/data/changeStream.ts). Every /api route needs a signed-in actor unless its route
 * config says `public: true`; handlers call requireActor to get it.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { Database } from '../db/database.js'
import { ORGANISATION_HEADER } from '../../shared/organisations.js'
import { type OrganisationActor, domainRole } from '../../shared/policy.js'
import { Id } from '../../shared/schemas.js'
import { setRequestOrganisation } from '../db/tenantScope.js'
import { actorForSession } from '../domain/sessions.js'
import { hashSessionToken } from './sessionTokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    actor: OrganisationActor | null
    sessionToken: string | null
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself, demo credentials, health). */
    public?: boolean
  }
}

/** The bearer token a request carries in its Authorization header. */
export function requestToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  return match?.[1] ?? null
}

/** The signed-in actor, or a 401 DomainError. */
export function requireActor(request: FastifyRequest): OrganisationActor {
  if (!request.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, errorMessages.UNAUTHENTICATED)
  return request.actor
}

/** The organisation the request names in its header: null when absent, a 400 when not an id. */
function requestedOrganisation(request: FastifyRequest): string | null {
  const header = request.headers[ORGANISATION_HEADER]
  if (header === undefined) return null
  const parsed = Id.safeParse(header)
  if (!parsed.success) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${ORGANISATION_HEADER} must be an organisation id.`, {
      header: ORGANISATION_HEADER,
    })
  }
  return parsed.data
}

/**
 * The session's user in the organisation the request works in (tenantScope.ts then confines every
 * query of the request to it). A user who is no member of the organisation named is refused (403),
 * before any route runs.
 */
async function resolveActor(db: Database, request: FastifyRequest, token: string): Promise<void> {
  const organisationId = requestedOrganisation(request)
  const session = await actorForSession(db, hashSessionToken(token), organisationId)
  if (!session) return
  if (!session.membership) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'You are not a member of this organisation.', {
      organisationId,
    })
  }
  const { organisationId: organisation, organisationRole } = session.membership
  request.sessionToken = token
  request.actor = {
    userId: session.userId,
    role: domainRole(organisationRole),
    organisationId: organisation,
    organisationRole,
  }
  setRequestOrganisation(organisation)
}

const authenticationPlugin: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.decorateRequest('actor', null)
  app.decorateRequest('sessionToken', null)
  // onRequest: a missing or bad token is a 401 before any body validation runs.
  app.addHook('onRequest', async (request) => {
    const token = requestToken(request)
    if (token && token.length <= 200) await resolveActor(db, request, token)
    const isApi = request.url.startsWith('/api/')
    if (isApi && !request.actor && request.routeOptions.config?.public !== true) requireActor(request)
  })
}

/** Not encapsulated: its hook runs for every route of the app. */
export const authentication = fp(authenticationPlugin, {
  name: 'authentication',
  dependencies: ['tenant-scope'],
})
