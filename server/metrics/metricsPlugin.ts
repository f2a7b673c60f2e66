/**
 * Decorates the app with `metrics`, times every request by its route pattern, and serves
 * GET /metrics in Prometheus' text format to a scraper that presents METRICS_TOKEN as a bearer
 * token. Without METRICS_TOKEN the endpoint does not exist (404): metrics describe traffic and
 * load, which is not for every signed-in user to read.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '../../shared/errors.js'
import type { ErrorBody } from '../../shared/schemas.js'
import type { Database } from '../db/database.js'
import { type ServiceMetrics, createServiceMetrics } from './serviceMetrics.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics
  }
}

export interface MetricsPluginOptions {
  db: Database
  /** The scraper's bearer token; the endpoint is off when absent. */
  token: string | undefined
}

const metricsPlugin: FastifyPluginAsync<MetricsPluginOptions> = async (app, { db, token }) => {
  const metrics = createServiceMetrics(db)
  app.decorate('metrics', metrics)
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(
      {
        method: request.method,
        // The pattern (/api/bookings/:id), or one label for every unmatched URL.
        route: request.routeOptions.url ?? 'unmatched',
        statusCode: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    )
    done()
  })
  if (!token) return
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!presentsToken(request.headers.authorization, token)) {
      const body: ErrorBody = {
        code: ErrorCode.UNAUTHENTICATED,
        message: 'The metrics endpoint needs the scraper token (Authorization: Bearer <METRICS_TOKEN>).',
        details: {},
      }
      return reply.status(401).send(body)
    }
    reply.header('content-type', metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}

function presentsToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '')
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Not encapsulated: its hook times every route of the app. */
export const serviceMetrics = fp(metricsPlugin, { name: 'service-metrics' })
