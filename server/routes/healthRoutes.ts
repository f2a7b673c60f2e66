import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { RouteOptions } from './routeOptions.js'

/** Liveness for load balancers: answers only when the database does. */
export const healthRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        response: { 200: z.object({ ok: z.literal(true), database: z.string() }) },
      },
    },
    async () => {
      await db.query('SELECT 1')
      return { ok: true as const, database: db.kind }
    },
  )
}
