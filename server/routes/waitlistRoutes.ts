import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Id } from '../../shared/schemas.js'
import { JoinWaitlistBody, ListWaitlistQuery, WaitlistEntry } from '../../shared/waitlist.js'
import { requireActor } from '../auth/authentication.js'
import { replyWithOutcome } from './outcomeReply.js'
import { joinWaitlist, leaveWaitlist, listWaitlist } from '../domain/waitlist.js'
import { errorResponses } from './errorResponses.js'
import type { RouteOptions } from './routeOptions.js'

const ById = z.object({ id: Id })

export const waitlistRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.post(
    '/slots/:id/waitlist',
    {
      schema: {
        tags: ['waitlist'],
        summary: 'Join the waitlist of a full slot (idempotent on the client-generated id)',
        params: ById,
        body: JoinWaitlistBody,
        response: { 201: WaitlistEntry, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const input = {
        id: request.body.id ?? randomUUID(),
        slotId: request.params.id,
        customerId: request.body.customerId,
      }
      const outcome = await db.transaction((tx) =>
        joinWaitlist(tx, actor, input, { bookIfFree: false, recordRefusal: false }),
      )
      return replyWithOutcome(reply, outcome, 201)
    },
  )

  app.get(
    '/waitlist',
    {
      schema: {
        tags: ['waitlist'],
        summary: "A customer's own entries, or the queues of a provider's slots (with positions)",
        querystring: ListWaitlistQuery,
        response: { 200: z.array(WaitlistEntry), 400: errorResponses[400], 401: errorResponses[401] },
      },
    },
    async (request) => listWaitlist(db, requireActor(request), request.query),
  )

  app.delete(
    '/waitlist/:id',
    {
      schema: {
        tags: ['waitlist'],
        summary: 'Leave the waitlist (idempotent)',
        params: ById,
        response: { 200: WaitlistEntry, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      return replyWithOutcome(
        reply,
        await db.transaction((tx) => leaveWaitlist(tx, actor, request.params.id)),
      )
    },
  )
}
