import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AvailabilityStats, Id, Service, StatsQuery, User } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { listServices } from '../domain/services.js'
import { providerStats } from '../domain/stats.js'
import { listProviders } from '../domain/users.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

export const providerRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/providers',
    { schema: { tags: ['providers'], response: { 200: z.array(User), 401: errorResponses[401] } } },
    async (request) => {
      requireActor(request)
      return listProviders(db)
    },
  )

  app.get(
    '/providers/:id/stats',
    {
      schema: {
        tags: ['stats'],
        summary: "A provider's capacity, booked, free and utilisation over a date range (own only)",
        params: z.object({ id: Id }),
        querystring: StatsQuery,
        response: { 200: AvailabilityStats, ...errorResponses },
      },
    },
    async (request, reply) =>
      replyWithOutcome(
        reply,
        await providerStats(db, requireActor(request), request.params.id, request.query),
      ),
  )

  app.get(
    '/services',
    {
      schema: {
        tags: ['providers'],
        querystring: z.object({ providerId: Id.optional() }),
        response: { 200: z.array(Service), 400: errorResponses[400], 401: errorResponses[401] },
      },
    },
    async (request) => {
      requireActor(request)
      return listServices(db, request.query.providerId)
    },
  )
}
