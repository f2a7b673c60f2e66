import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import { SessionResponse, SignInBody, User } from '../../shared/schemas.js'
import { signIn, signOut } from '../auth/accounts.js'
import { requireActor, requireUserId } from '../auth/authentication.js'
import { findUserById } from '../domain/users.js'
import { errorResponses } from './errorResponses.js'
import type { RouteOptions } from './routeOptions.js'

export const sessionRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db, config }) => {
  app.post(
    '/session',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Sign in: returns an opaque bearer token',
        body: SignInBody,
        response: { 201: SessionResponse, 400: errorResponses[400], 401: errorResponses[401] },
      },
    },
    async (request, reply) => {
      const session = await signIn(db, request.body.email, request.body.password, config.SESSION_TTL_HOURS)
      return reply.status(201).send(session)
    },
  )

  app.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The signed-in user',
        response: { 200: User, 401: errorResponses[401] },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      const user = await findUserById(db, actor.userId)
      if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, errorMessages.UNAUTHENTICATED)
      return user
    },
  )

  app.delete(
    '/session',
    {
      // Signing out works for a user who belongs to no organisation too.
      config: { withoutOrganisation: true },
      schema: {
        tags: ['session'],
        summary: 'Sign out',
        response: { 204: z.undefined(), 401: errorResponses[401] },
      },
    },
    async (request, reply) => {
      requireUserId(request)
      if (request.sessionToken) await signOut(db, request.sessionToken)
      return reply.status(204).send()
    },
  )
}
