/** A provider's insights over a period (JSON) and the bookings behind them (CSV). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Insights, InsightsQuery } from '../../shared/insightsSchemas.js'
import { Id } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { providerInsights } from '../domain/insights.js'
import { insightsExportRows } from '../domain/insightsExport.js'
import { insightsCsv } from '../export/insightsCsv.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const params = z.object({ id: Id })

export const insightsRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/providers/:id/insights',
    {
      schema: {
        tags: ['stats'],
        summary:
          "A provider's bookings, cancellations, utilisation, lead times, demand and revenue over whole days in their time zone, with the previous period (own only; at most two years)",
        params,
        querystring: InsightsQuery,
        response: { 200: Insights, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) =>
        providerInsights(tx, actor, request.params.id, request.query),
      )
      return replyWithOutcome(reply, outcome)
    },
  )

  app.get(
    '/providers/:id/insights.csv',
    {
      schema: {
        tags: ['stats'],
        summary: 'The bookings behind the insights of a period, as CSV (own only)',
        params,
        querystring: InsightsQuery,
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const outcome = await insightsExportRows(db, requireActor(request), request.params.id, request.query)
      if (!outcome.ok) return replyWithOutcome(reply, outcome)
      const rows = outcome.value
      const { from, to } = request.query
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="bookings-${from}-to-${to}.csv"`)
        .send(insightsCsv(rows))
    },
  )
}
