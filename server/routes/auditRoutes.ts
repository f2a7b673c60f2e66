import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AUDIT_ENTITY_TYPES } from '../../shared/auditEntities.js'
import { Id, IsoInstant } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { listAudit } from '../domain/audit.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const AuditQuery = z.object({
  entityId: Id.optional(),
  from: IsoInstant.optional(),
  to: IsoInstant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

const AuditRecord = z.object({
  id: z.number().int(),
  actorId: Id.nullable(),
  action: z.string(),
  entityType: z.enum(AUDIT_ENTITY_TYPES),
  entityId: Id,
  before: z.unknown(),
  after: z.unknown(),
  at: IsoInstant,
})

export const auditRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "The audit trail of the provider's own slots and their bookings, newest first",
        querystring: AuditQuery,
        response: { 200: z.array(AuditRecord), ...errorResponses },
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, await listAudit(db, requireActor(request), request.query)),
  )
}
