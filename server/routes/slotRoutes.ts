import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  AvailabilityStats,
  CreateRecurringSlotsBody,
  CreateSlotBody,
  Id,
  ListSlotsQuery,
  Slot,
  UpdateSlotBody,
} from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { SkippedSlot } from '../../shared/slotRules.js'
import {
  createRecurringSlots,
  createSlot,
  deleteSlot,
  getSlot,
  listSlots,
  updateSlot,
} from '../domain/slots.js'
import { slotStats } from '../domain/stats.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const ById = z.object({ id: Id })

export const slotRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/slots',
    {
      schema: {
        tags: ['slots'],
        summary: 'Slots by date range, provider and service',
        querystring: ListSlotsQuery,
        response: { 200: z.array(Slot), 400: errorResponses[400], 401: errorResponses[401] },
      },
    },
    async (request) => {
      requireActor(request)
      return listSlots(db, request.query)
    },
  )

  app.get(
    '/slots/:id',
    { schema: { tags: ['slots'], params: ById, response: { 200: Slot, ...errorResponses } } },
    async (request, reply) => {
      requireActor(request)
      return replyWithOutcome(reply, await getSlot(db, request.params.id))
    },
  )

  app.post(
    '/slots',
    {
      schema: {
        tags: ['slots'],
        summary: 'Create one slot (provider)',
        body: CreateSlotBody,
        response: { 201: Slot, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      return replyWithOutcome(reply, await db.transaction((tx) => createSlot(tx, actor, request.body)), 201)
    },
  )

  app.post(
    '/slots/recurring',
    {
      schema: {
        tags: ['slots'],
        summary: "Create a weekly pattern of slots in the provider's time zone",
        body: CreateRecurringSlotsBody,
        response: {
          201: z.object({ created: z.number().int(), slots: z.array(Slot), skipped: z.array(SkippedSlot) }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => createRecurringSlots(tx, actor, request.body))
      return replyWithOutcome(reply, outcome, 201)
    },
  )

  app.patch(
    '/slots/:id',
    {
      schema: {
        tags: ['slots'],
        summary: 'Change capacity or block/unblock (provider; counters are not writable)',
        params: ById,
        body: UpdateSlotBody,
        response: { 200: Slot, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      return replyWithOutcome(
        reply,
        await db.transaction((tx) => updateSlot(tx, actor, request.params.id, request.body)),
      )
    },
  )

  app.delete(
    '/slots/:id',
    {
      schema: {
        tags: ['slots'],
        summary: 'Delete a slot without active bookings (provider)',
        params: ById,
        response: { 200: Slot, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      return replyWithOutcome(reply, await db.transaction((tx) => deleteSlot(tx, actor, request.params.id)))
    },
  )

  app.get(
    '/slots/:id/stats',
    { schema: { tags: ['stats'], params: ById, response: { 200: AvailabilityStats, ...errorResponses } } },
    async (request, reply) => {
      requireActor(request)
      return replyWithOutcome(reply, await slotStats(db, request.params.id))
    },
  )
}
