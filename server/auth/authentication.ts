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
import { hashSessionToken } from './sessionTokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
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
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, errorMessages.UNAUTHENTICATED)
  return request.actor
}

const authenticationPlugin: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.decorateRequest('actor', null)
  app.decorateRequest('sessionToken', null)
  // onRequest: a missing or bad token is a 401 before any body validation runs.
  app.addHook('onRequest', async (request) => {
    const token = requestToken(request)
    if (token && token.length <= 200) {
      request.sessionToken = token
      request.actor = await actorForSession(db, hashSessionToken(token))
    }
    const isApi = request.url.startsWith('/api/')
    if (isApi && !request.actor && request.routeOptions.config?.public !== true) requireActor(request)
  })
}

/** Not encapsulated: its hook runs for every route of the app. */
export const authentication = fp(authenticationPlugin, { name: 'authentication' })
