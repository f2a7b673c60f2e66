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
import type { Actor } from '../domain/actor.js'
import { actorForSession } from '../domain/sessions.js'
import { sessionCache } from './sessionCache.js'
import { hashSessionToken } from './sessionTokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
    sessionToken: string | null
    /**
     * On a route with `sessionCheckedInStatement`: the hash of the session token, which the route
     * must hand to its statement so that the statement writes only while the session is live.
     */
    sessionTokenHash: string | null
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself, demo credentials, health). */
    public?: boolean
    /**
     * The route's statement re-checks the session (see server/auth/sessionCache.ts), so the actor
     * may come from this process's session cache instead of a lookup per request.
     */
    sessionCheckedInStatement?: boolean
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
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, errorMessages.UNAUTHENTICATED)
  return request.actor
}

const authenticationPlugin: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.decorateRequest('actor', null)
  app.decorateRequest('sessionToken', null)
  app.decorateRequest('sessionTokenHash', null)
  const cache = sessionCache()
  // onRequest: a missing or bad token is a 401 before any body validation runs.
  app.addHook('onRequest', async (request) => {
    const token = requestToken(request)
    if (token && token.length <= 200) {
      request.sessionToken = token
      const tokenHash = hashSessionToken(token)
      if (request.routeOptions.config?.sessionCheckedInStatement === true) {
        request.sessionTokenHash = tokenHash
        request.actor = cache.get(tokenHash) ?? (await actorForSession(db, tokenHash))
        if (request.actor) cache.set(tokenHash, request.actor)
      } else {
        request.actor = await actorForSession(db, tokenHash)
      }
    }
    const isApi = request.url.startsWith('/api/')
    if (isApi && !request.actor && request.routeOptions.config?.public !== true) requireActor(request)
  })
  // The statement found the cached session ended: drop it, so the next request looks it up.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401 && request.sessionTokenHash) cache.forget(request.sessionTokenHash)
  })
}

/** Not encapsulated: its hook runs for every route of the app. */
export const authentication = fp(authenticationPlugin, { name: 'authentication' })
