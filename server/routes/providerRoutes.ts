import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  BookingConfirmation,
  ProviderListing,
  UpdateBookingConfirmationBody,
} from '../../shared/bookingConfirmation.js'
import { AvailabilityStats, Id, Service, StatsQuery } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { readBookingConfirmation, setBookingConfirmation } from '../domain/bookingConfirmation.js'
import { listServices } from '../domain/services.js'
import { providerStats } from '../domain/stats.js'
import { listProviders } from '../domain/users.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

export const providerRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/providers',
    {
      schema: {
        tags: ['providers'],
        summary:
          "The organisation's providers, each with whether their new bookings are confirmed at once (autoConfirm)",
        response: { 200: z.array(ProviderListing), 401: errorResponses[401] },
      },
    },
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
    '/providers/:id/booking-confirmation',
    {
      schema: {
        tags: ['providers'],
        summary:
          "Whether the provider's new bookings are confirmed at once, and how many requests wait for their answer (own only)",
        params: z.object({ id: Id }),
        response: { 200: BookingConfirmation, ...errorResponses },
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, await readBookingConfirmation(db, requireActor(request), request.params.id)),
  )

  app.patch(
    '/providers/:id/booking-confirmation',
    {
      schema: {
        tags: ['providers'],
        summary:
          'Choose whether new bookings are confirmed at once (autoConfirm) or wait for the provider (own only); bookings made before stay as they are',
        params: z.object({ id: Id }),
        body: UpdateBookingConfirmationBody,
        response: { 200: BookingConfirmation, ...errorResponses },
      },
    },
    async (request, reply) =>
      replyWithOutcome(
        reply,
        await db.transaction((tx) =>
          setBookingConfirmation(tx, requireActor(request), request.params.id, request.body),
        ),
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
