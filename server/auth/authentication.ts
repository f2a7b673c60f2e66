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
import { notAMemberDetails, notAMemberMessage } from '../../shared/membershipRefusal.js'
import { setRequestOrganisation } from '../db/tenantScope.js'
import { actorForSession } from '../domain/sessions.js'
import { type SessionCache, sessionCache } from './sessionCache.js'
import { hashSessionToken } from './sessionTokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    actor: OrganisationActor | null
    sessionToken: string | null
    /**
     * On a route with `sessionCheckedInStatement`: the hash of the session token, which the route
     * must hand to its statement so that the statement writes only while the session is live.
     */
    sessionTokenHash: string | null
    /**
     * The session's user: the actor's, or on a `withoutOrganisation` route that of a user who belongs
     * to no organisation (then `actor` is null).
     */
    userId: string | null
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself, demo credentials, health). */
    public?: boolean
    /**
     * The route's statement re-checks the session (see server/auth/sessionCache.ts), so the actor
     * may come from this process's session cache instead of a lookup per request.
     */
    sessionCheckedInStatement?: boolean
    /**
     * Reachable by a signed-in user who belongs to no organisation (listing their organisations,
     * joining one through an invitation, signing out): when the request names no organisation, the
     * route runs with `request.userId` and no actor. Its handler calls requireUserId.
     */
    withoutOrganisation?: boolean
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

/** The signed-in user's id (also on a `withoutOrganisation` route for a user of no organisation), or a 401. */
export function requireUserId(request: FastifyRequest): string {
  return request.userId ?? requireActor(request).userId
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
async function resolveActor(
  db: Database,
  request: FastifyRequest,
  token: string,
  cache: SessionCache,
): Promise<void> {
  const organisationId = requestedOrganisation(request)
  const tokenHash = hashSessionToken(token)
  // A route whose statement re-checks the session may take the actor from this process's cache.
  const cached = request.routeOptions.config?.sessionCheckedInStatement === true
  const key = cacheKey(tokenHash, organisationId)
  let actor = cached ? cache.get(key) : null
  if (!actor) {
    const session = await actorForSession(db, tokenHash, organisationId)
    if (!session) return
    if (!session.membership) {
      if (organisationId === null && request.routeOptions.config?.withoutOrganisation === true) {
        request.sessionToken = token
        request.userId = session.userId
        return
      }
      // The one refusal a device takes as "no longer a member here" (shared/membershipRefusal.ts).
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        notAMemberMessage(organisationId),
        notAMemberDetails(organisationId),
      )
    }
    const { organisationId: organisation, organisationRole } = session.membership
    actor = {
      userId: session.userId,
      role: domainRole(organisationRole),
      organisationId: organisation,
      organisationRole,
    }
    if (cached) cache.set(key, actor)
  }
  request.sessionToken = token
  if (cached) request.sessionTokenHash = tokenHash
  request.actor = actor
  request.userId = actor.userId
  setRequestOrganisation(actor.organisationId)
}

/** The cache holds an actor per session and organisation named (the same token may name several). */
function cacheKey(tokenHash: string, organisationId: string | null): string {
  return `${tokenHash}|${organisationId ?? ''}`
}

const authenticationPlugin: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.decorateRequest('actor', null)
  app.decorateRequest('sessionToken', null)
  app.decorateRequest('sessionTokenHash', null)
  app.decorateRequest('userId', null)
  const cache = sessionCache()
  // onRequest: a missing or bad token is a 401 before any body validation runs.
  app.addHook('onRequest', async (request) => {
    const token = requestToken(request)
    if (token && token.length <= 200) await resolveActor(db, request, token, cache)
    const isApi = request.url.startsWith('/api/')
    if (isApi && !request.userId && request.routeOptions.config?.public !== true) requireActor(request)
  })
  // The statement found the cached session ended (401) or its membership removed or changed (403):
  // drop it, so the next request looks it up.
  app.addHook('onResponse', (request, reply, done) => {
    if ((reply.statusCode === 401 || reply.statusCode === 403) && request.sessionTokenHash)
      cache.forget(cacheKey(request.sessionTokenHash, requestedOrganisation(request)))
    done()
  })
}

/** Not encapsulated: its hook runs for every route of the app. */
export const authentication = fp(authenticationPlugin, {
  name: 'authentication',
  dependencies: ['tenant-scope'],
})
