/**
 * Calendar export: one booking as an .ics download, and a private feed URL per user that calendar
 * apps subscribe to, covering every organisation the user belongs to (one link, whichever organisation
 * it was made in). The feed's token is a capability for reading that one calendar only, separate
 * from the session token; it travels in the query string (redacted in the request log) and is
 * revocable: a revoked or rotated token answers 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import { Id } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { everyOrganisationEntries } from '../calendar/calendarFeed.js'
import { ICS_CONTENT_TYPE, icsCalendar } from '../calendar/icsCalendar.js'
import {
  bookingCalendarEntry,
  calendarFeedOwner,
  calendarFeedStatus,
  revokeCalendarFeed,
  rotateCalendarFeed,
} from '../domain/calendar.js'
import { getBooking } from '../domain/bookings.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const FeedQuery = z.object({ token: z.string().min(1).max(100) })
const FeedStatus = z.object({ active: z.boolean(), createdAt: z.string().nullable() })
const IssuedFeed = z.object({ url: z.string(), createdAt: z.string() })

export const calendarRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/bookings/:id/calendar.ics',
    {
      schema: {
        tags: ['calendar'],
        summary: 'One booking as an iCalendar (.ics) file',
        params: z.object({ id: Id }),
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const entry = await bookingCalendarEntry(db, actor, request.params.id)
      if (!entry) {
        // Refused as GET /api/bookings/:id refuses it: unknown 404, another user's 403.
        const booking = await getBooking(db, actor, request.params.id)
        if (!booking.ok) return replyWithOutcome(reply, booking)
        throw new DomainError(ErrorCode.BOOKING_NOT_FOUND, errorMessages.BOOKING_NOT_FOUND, {
          id: request.params.id,
        })
      }
      return reply
        .type(ICS_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="booking-${request.params.id}.ics"`)
        .send(icsCalendar('UniService booking', [entry]))
    },
  )

  app.get(
    '/calendar-feed',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Whether the caller has a private calendar feed',
        response: { 200: FeedStatus, ...errorResponses },
      },
    },
    async (request) => {
      const status = await calendarFeedStatus(db, requireActor(request))
      return { active: status !== null, createdAt: status?.createdAt ?? null }
    },
  )

  app.post(
    '/calendar-feed',
    {
      schema: {
        tags: ['calendar'],
        summary:
          'Create or rotate the private calendar feed URL, for every organisation (the previous URL stops working)',
        response: { 201: IssuedFeed, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const token = await db.transaction((tx) => rotateCalendarFeed(tx, actor))
      const origin = `${request.protocol}://${request.host}`
      const url = `${origin}/api/calendar/feed.ics?${new URLSearchParams({ token })}`
      return reply.status(201).send({ url, createdAt: new Date().toISOString() })
    },
  )

  app.delete(
    '/calendar-feed',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Revoke the private calendar feed URL',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await db.transaction((tx) => revokeCalendarFeed(tx, requireActor(request)))
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/calendar/feed.ics',
    {
      config: { public: true },
      schema: {
        tags: ['calendar'],
        summary:
          "A user's private calendar feed, all their organisations (subscribe to it in a calendar app)",
        security: [],
        querystring: FeedQuery,
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const owner = await calendarFeedOwner(db, request.query.token)
      if (!owner) throw new DomainError(ErrorCode.NOT_FOUND, 'No calendar feed at this address.', {})
      const entries = await everyOrganisationEntries(db, owner)
      return reply
        .type(ICS_CONTENT_TYPE)
        .header('cache-control', 'private, max-age=300')
        .send(icsCalendar('UniService bookings', entries))
    },
  )
}
