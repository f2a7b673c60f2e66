import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CustomerContact, Id, UpdateProfileBody, User } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { customerContact } from '../domain/customerContact.js'
import { updateProfile } from '../domain/users.js'
import { accountChangedHere } from '../replication/streamAccess.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

export const profileRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.patch(
    '/profile',
    {
      schema: {
        tags: ['session'],
        summary:
          "Change one's own profile: name, phone, and the time zone (a provider's business zone, or the zone a customer reads times in; null = the device's)",
        body: UpdateProfileBody,
        response: { 200: User, ...errorResponses },
      },
    },
    async (request, reply) => {
      const outcome = await db.transaction((tx) => updateProfile(tx, requireActor(request), request.body))
      // Committed: the user's open streams, on their other devices too, are told (streamAccess.ts).
      if (outcome.ok) accountChangedHere()
      return replyWithOutcome(reply, outcome)
    },
  )

  app.get(
    '/bookings/:id/contact',
    {
      schema: {
        tags: ['bookings'],
        summary: "The customer's name, email and phone, for the provider of the booking only",
        params: z.object({ id: Id }),
        response: { 200: CustomerContact, ...errorResponses },
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, await customerContact(db, requireActor(request), request.params.id)),
  )
}
