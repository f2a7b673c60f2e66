import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Notification } from '../../shared/notifications.js'
import { Id } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { listNotifications, markNotificationRead } from '../domain/notifications.js'
import { replyWithOutcome } from './outcomeReply.js'
import { errorResponses } from './errorResponses.js'
import type { RouteOptions } from './routeOptions.js'

export const notificationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications, newest first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(Notification), 400: errorResponses[400], 401: errorResponses[401] },
      },
    },
    async (request) => listNotifications(db, requireActor(request), request.query.limit),
  )

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of your notifications read (idempotent)',
        params: z.object({ id: Id }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const { id } = request.params
      const outcome = await db.transaction((tx) =>
        markNotificationRead(tx, actor, id, new Date().toISOString()),
      )
      if (!outcome.ok) return replyWithOutcome(reply, outcome)
      return reply.status(204).send(null)
    },
  )
}
