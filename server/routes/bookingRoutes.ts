import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Booking, CreateBookingBody, Id, ListBookingsQuery, UpdateBookingBody } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import {
  changeBookingStatus,
  createBooking,
  deleteBooking,
  getBooking,
  listBookings,
  missingReason,
  type TakeSeat,
} from '../domain/bookings.js'
import { seatBatcher } from '../domain/seatBatcher.js'
import { currentOrganisation, inOrganisation } from '../db/tenantScope.js'
import { compiledSerializerCompiler } from '../http/compiledSerializer.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const ById = z.object({ id: Id })

export const bookingRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db, config }) => {
  // Concurrent bookings go together (server/domain/seatBatcher.ts); 0 in flight: each on its own.
  const batcher = config.BOOKING_STATEMENTS_IN_FLIGHT
    ? seatBatcher(db, {
        inFlight: config.BOOKING_STATEMENTS_IN_FLIGHT,
        maxRows: config.BOOKING_BATCH_MAX,
        onStatement: (rows) => app.metrics.bookingStatement(rows),
        scope: { current: () => currentOrganisation() ?? '', run: inOrganisation },
      })
    : undefined
  const firstAttempt: TakeSeat | undefined = batcher?.book

  app.post(
    '/bookings',
    {
      // The booking statement checks the session itself: no lookup per request (server/auth/sessionCache.ts).
      config: { sessionCheckedInStatement: true },
      // Its answers (a booking or an error body, about 500 bytes) are all under the compression
      // threshold (server/http/assetDelivery.ts): the plugin's per-request hooks would only cost CPU
      // on the busiest route. Compressed request bodies are still accepted (decompress stays on).
      compress: false,
      serializerCompiler: compiledSerializerCompiler,
      schema: {
        tags: ['bookings'],
        summary: 'Book a seat (idempotent on the client-generated id)',
        description:
          'A replay of an id for the same slot is answered 201 with the booking as it is now (its notes ' +
          'are not compared: an offline device may resend); the id for another slot, or an id used by ' +
          'someone else, is 409 BOOKING_ID_TAKEN; the id of a deleted booking is 404 BOOKING_NOT_FOUND, as GET.',
        body: CreateBookingBody,
        response: { 201: Booking, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const input = {
        id: request.body.id ?? randomUUID(),
        slotId: request.body.slotId,
        notes: request.body.notes,
        sessionTokenHash: request.sessionTokenHash,
      }
      // No transaction: the booking is one atomic statement (server/domain/bookSeat.ts); what may
      // follow it are reads explaining a refusal.
      const outcome = await createBooking(db, actor, input, firstAttempt)
      app.metrics.bookingOutcome(outcome.ok ? 'accepted' : outcome.refusal.code, 'rest')
      return replyWithOutcome(reply, outcome, 201)
    },
  )

  app.get(
    '/bookings',
    {
      schema: {
        tags: ['bookings'],
        summary: "A customer's own bookings, or the bookings on a provider's slots",
        querystring: ListBookingsQuery,
        response: { 200: z.array(Booking), 400: errorResponses[400], 401: errorResponses[401] },
      },
    },
    async (request) => listBookings(db, requireActor(request), request.query),
  )

  app.get(
    '/bookings/:id',
    { schema: { tags: ['bookings'], params: ById, response: { 200: Booking, ...errorResponses } } },
    async (request, reply) =>
      replyWithOutcome(reply, await getBooking(db, requireActor(request), request.params.id)),
  )

  app.patch(
    '/bookings/:id',
    {
      schema: {
        tags: ['bookings'],
        summary: 'Change status along the lifecycle (customers may only cancel)',
        params: ById,
        body: UpdateBookingBody,
        response: { 200: Booking, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const { status, reason } = request.body
      // Asked before the transaction so the refusal names the request's field (the command asks too).
      const noReason = missingReason(actor, status, reason, ['body', 'reason'])
      if (noReason) return replyWithOutcome(reply, noReason)
      const outcome = await db.transaction((tx) =>
        changeBookingStatus(tx, actor, request.params.id, status, reason ?? null),
      )
      return replyWithOutcome(reply, outcome)
    },
  )

  app.delete(
    '/bookings/:id',
    {
      schema: {
        tags: ['bookings'],
        summary: 'Delete a booking (frees its seat if active); a completed one only by its provider',
        params: ById,
        response: { 200: Booking, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      return replyWithOutcome(
        reply,
        await db.transaction((tx) => deleteBooking(tx, actor, request.params.id)),
      )
    },
  )
}
