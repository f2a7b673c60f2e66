/** A provider's own services: create and change (listing stays GET /api/services in providerRoutes). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Id, Service } from '../../shared/schemas.js'
import { CreateServiceBody, UpdateServiceBody } from '../../shared/serviceSchemas.js'
import { requireActor } from '../auth/authentication.js'
import { createOwnService, updateOwnService } from '../domain/serviceManagement.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

export const serviceRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.post(
    '/services',
    {
      schema: {
        tags: ['providers'],
        summary: 'Create one of your services (price in minor units of an ISO 4217 currency)',
        body: CreateServiceBody,
        response: { 201: Service, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => createOwnService(tx, actor, request.body))
      return replyWithOutcome(reply, outcome, 201)
    },
  )

  app.patch(
    '/services/:id',
    {
      schema: {
        tags: ['providers'],
        summary: 'Change one of your services; bookings already made keep the price they were made at',
        params: z.object({ id: Id }),
        body: UpdateServiceBody,
        response: { 200: Service, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) =>
        updateOwnService(tx, actor, request.params.id, request.body),
      )
      return replyWithOutcome(reply, outcome)
    },
  )
}
