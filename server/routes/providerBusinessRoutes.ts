/** Issue 12's routes under one registration: services with prices, and provider insights. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { insightsRoutes } from './insightsRoutes.js'
import type { RouteOptions } from './routeOptions.js'
import { serviceRoutes } from './serviceRoutes.js'

export const providerBusinessRoutes: FastifyPluginAsyncZod<RouteOptions> = async (
  app,
  { db, systemDb, config },
) => {
  // Only the route options: the prefix given to this plugin already applies to what it registers.
  await app.register(serviceRoutes, { db, systemDb, config })
  await app.register(insightsRoutes, { db, systemDb, config })
}
