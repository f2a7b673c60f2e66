/**
 * Issue 11's multi-row operations over REST: a recurring series, a reschedule, bulk actions on
 * bookings and slots, a provider's date-range cancellation. Thin: validate (limits in
 * shared/bookingOperations.ts), call the domain, reply with the outcome.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  BookingSeries,
  BulkBookingsBody,
  BulkResult,
  BulkSlotsBody,
  CancelRangeBody,
  CreateSeriesBody,
  RescheduleBody,
} from '../../shared/bookingOperations.js'
import { Booking, Id } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { createBookingSeries, listOwnSeries, readOwnSeries, restOfSeries } from '../domain/bookingSeries.js'
import { bulkBlockSlots, bulkChangeBookings, cancelDateRange } from '../domain/bulkActions.js'
import { rescheduleBooking } from '../domain/reschedule.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const ById = z.object({ id: Id })
const bulkResponses = { 200: BulkResult, ...errorResponses }

export const bookingOperationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.post(
    '/bookings/series',
    {
      schema: {
        tags: ['bookings'],
        summary: 'Book a weekly series (1-52 occurrences): each occurrence gets its own outcome',
        description:
          'BOOK_WHAT_IS_FREE keeps every occurrence that could be booked; ALL_OR_NOTHING holds no seat ' +
          'unless every occurrence was booked. Idempotent on the client-generated id: a replay with the same ' +
          'firstSlotId, weeks or until, and mode is the stored series (notes not compared); another request ' +
          'with that id is 409 BOOKING_ID_TAKEN.',
        body: CreateSeriesBody,
        response: { 201: BookingSeries, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const { weeks, until, ...body } = request.body
      const input = {
        ...body,
        id: body.id ?? randomUUID(),
        repeat: weeks !== undefined ? { weeks } : { until: until as string },
      }
      return replyWithOutcome(reply, await db.transaction((tx) => createBookingSeries(tx, actor, input)), 201)
    },
  )

  app.get(
    '/bookings/series',
    {
      schema: {
        tags: ['bookings'],
        summary: "The customer's series (newest 100) with their per-occurrence outcomes",
        response: { 200: z.array(BookingSeries), 401: errorResponses[401] },
      },
    },
    async (request) => listOwnSeries(db, requireActor(request)),
  )

  app.get(
    '/bookings/series/:id',
    {
      schema: {
        tags: ['bookings'],
        summary: "One of the customer's series with its per-occurrence outcomes",
        params: ById,
        response: { 200: BookingSeries, ...errorResponses },
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, await readOwnSeries(db, requireActor(request), request.params.id)),
  )

  app.post(
    '/bookings/:id/reschedule',
    {
      schema: {
        tags: ['bookings'],
        summary: 'Move a booking to another slot of the same service, in one transaction',
        description:
          "If the new slot cannot take it (full, blocked, past, another service's, or one where the customer already holds a booking), the booking is left as it was.",
        params: ById,
        body: RescheduleBody,
        response: { 200: Booking, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) =>
        rescheduleBooking(tx, actor, request.params.id, request.body.slotId),
      )
      return replyWithOutcome(reply, outcome)
    },
  )

  app.post(
    '/bookings/bulk',
    {
      schema: {
        tags: ['bookings'],
        summary: 'Cancel, confirm or decline up to 500 bookings; one outcome per row',
        body: BulkBookingsBody,
        response: bulkResponses,
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, await bulkChangeBookings(db, requireActor(request), request.body)),
  )

  app.post(
    '/bookings/cancel-range',
    {
      schema: {
        tags: ['bookings'],
        summary: 'A provider cancels every active booking starting in [from, to) with one reason',
        body: CancelRangeBody,
        response: bulkResponses,
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, await cancelDateRange(db, requireActor(request), request.body)),
  )

  app.post(
    '/bookings/:id/cancel-rest-of-series',
    {
      schema: {
        tags: ['bookings'],
        summary: 'Cancel this occurrence and every later one of its series; one outcome per row',
        description:
          "An unknown booking is 404 BOOKING_NOT_FOUND and another user's 403, as on every /api/bookings/:id route.",
        params: ById,
        response: bulkResponses,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const rest = await restOfSeries(db, actor, request.params.id)
      if (!rest.ok) return replyWithOutcome(reply, rest)
      const ids = rest.value
      if (ids.length === 0) return reply.send({ applied: 0, rows: [] })
      return replyWithOutcome(
        reply,
        await bulkChangeBookings(db, actor, { action: 'CANCEL', ids, atomicity: 'PER_ROW' }),
      )
    },
  )

  app.post(
    '/slots/bulk',
    {
      schema: {
        tags: ['slots'],
        summary: 'Block or unblock up to 500 of your slots; one outcome per row',
        body: BulkSlotsBody,
        response: bulkResponses,
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, await bulkBlockSlots(db, requireActor(request), request.body)),
  )
}
