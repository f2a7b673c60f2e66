/**
 * buildApp: the Fastify instance with zod validation, hardening headers, OpenAPI at /docs,
 * authentication, rate limits, JSON error replies, the API route plugins and (when built) the
 * client. Tests use it through app.inject.
 */
import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import { MAX_REQUEST_BODY_BYTES } from '../shared/replication.js'
import { assetDelivery } from './http/assetDelivery.js'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyHttpOptions, type FastifyInstance } from 'fastify'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { ErrorCode } from '../shared/errors.js'
import type { ErrorBody } from '../shared/schemas.js'
import { authentication } from './auth/authentication.js'
import { setPasswordHashCost } from './auth/passwords.js'
import type { AppConfig } from './config.js'
import type { Database } from './db/database.js'
import { tenantDatabase, tenantScope } from './db/tenantScope.js'
import { maintenance } from './jobs/maintenance.js'
import { serviceMetrics } from './metrics/metricsPlugin.js'
import { answeredWrites } from './http/answeredWrites.js'
import { documentSharedErrors } from './http/documentedErrors.js'
import {
  clientErrorReply,
  frameworkErrorReply,
  MAX_HEADER_BYTES,
  MAX_PARAM_LENGTH,
  registerErrorReplies,
} from './http/errorReplies.js'
import { refuseRepeatedQueryParameters } from './http/repeatedQueryParameters.js'
import { gracefulClose } from './http/gracefulClose.js'
import { rateLimits } from './http/rateLimits.js'
import { docsContentSecurityPolicy, securityHeaders } from './http/securityHeaders.js'
import { auditRoutes } from './routes/auditRoutes.js'
import { bookingOperationRoutes } from './routes/bookingOperationRoutes.js'
import { bookingRoutes } from './routes/bookingRoutes.js'
import { calendarRoutes } from './routes/calendarRoutes.js'
import { demoRoutes } from './routes/demoRoutes.js'
import { healthRoutes } from './routes/healthRoutes.js'
import { providerBusinessRoutes } from './routes/providerBusinessRoutes.js'
import { notificationRoutes } from './routes/notificationRoutes.js'
import { profileRoutes } from './routes/profileRoutes.js'
import { organisationMemberRoutes } from './routes/organisationMemberRoutes.js'
import { organisationRoutes } from './routes/organisationRoutes.js'
import { providerRoutes } from './routes/providerRoutes.js'
import type { RouteOptions } from './routes/routeOptions.js'
import { replicationRoutes } from './replication/routes.js'
import { sessionRoutes } from './routes/sessionRoutes.js'
import { slotRoutes } from './routes/slotRoutes.js'
import { waitlistRoutes } from './routes/waitlistRoutes.js'
import { webhookRoutes } from './routes/webhookRoutes.js'
import { webhookQueue } from './webhooks/webhookQueue.js'

export interface BuildAppOptions {
  db: Database
  config: AppConfig
  /** false (default in tests) or a pino options object / true. */
  logger?: boolean | object
  /** Directory of the built client; defaults to dist/client. */
  clientDir?: string
}

const CLIENT_DIR = resolve(import.meta.dirname, '../dist/client')

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  setPasswordHashCost(options.config.PASSWORD_HASH_COST)
  const serverOptions: FastifyHttpOptions<Server> = {
    logger: options.logger ?? false,
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    trustProxy: options.config.TRUST_PROXY,
    clientErrorHandler: clientErrorReply,
    frameworkErrors: frameworkErrorReply,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  }
  const app = Fastify(serverOptions).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorReplies(app)
  // Bodies are JSON only: Fastify's text/plain parser would hand routes a string (a 400 on its type).
  app.removeContentTypeParser('text/plain')
  refuseRepeatedQueryParameters(app)
  documentSharedErrors(app)
  await app.register(gracefulClose)
  await app.register(answeredWrites)
  await app.register(securityHeaders)
  await app.register(assetDelivery)

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'UniService Bookings API',
        version: '0.1.0',
        description: 'Authoritative availability engine',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          organisation: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Organisation-Id',
            description:
              "The organisation the request works in (one of the caller's memberships, GET /api/organisations). " +
              "Optional: without it the request works in the caller's first organisation. Not a member there: 403. " +
              'Every row a request reads or writes belongs to that organisation (PostgreSQL row-level security).',
          },
        },
      },
      security: [{ bearer: [], organisation: [] }],
    },
    transform: jsonSchemaTransform,
  })
  // No validator badge: it would load an image from validator.swagger.io, outside the CSP.
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null },
    transformStaticCSP: docsContentSecurityPolicy,
  })
  await app.register(tenantScope)
  await app.register(authentication, { db: options.db })
  await app.register(serviceMetrics, { db: options.db, token: options.config.METRICS_TOKEN })
  await app.register(rateLimits, { config: options.config })
  await app.register(maintenance, { db: options.db, config: options.config })
  await app.register(webhookQueue, { db: options.db, config: options.config })

  // Requests run as the application role, confined to their organisation (tenantScope.ts); the
  // owner's `db` is left to the system work (authentication's session look-up, the change feed,
  // maintenance) that belongs to no one organisation.
  const requestDb = tenantDatabase(
    options.db.asRole(options.config.DATABASE_APP_USER, options.config.DATABASE_APP_PASSWORD),
  )
  const routeOptions: RouteOptions = { db: requestDb, systemDb: options.db, config: options.config }
  // ---- API route plugins (one line each; replication adds its own here) ----
  await app.register(sessionRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(profileRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(demoRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(healthRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(bookingRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(bookingOperationRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(slotRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(providerRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(auditRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(calendarRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(providerBusinessRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(waitlistRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(notificationRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(webhookRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(replicationRoutes, { ...routeOptions, prefix: '/api/replication' })
  await app.register(organisationRoutes, { ...routeOptions, prefix: '/api' })
  await app.register(organisationMemberRoutes, { ...routeOptions, prefix: '/api' })
  // ---- end of API route plugins ----
  app.addHook('onClose', () => requestDb.close())

  await serveClient(app, options.clientDir ?? CLIENT_DIR)
  return app
}

/**
 * The server's own paths: an unknown one is a 404 in the error shape, never the app's page. Without
 * METRICS_TOKEN, GET /metrics answered 200 with index.html, which a scraper reads as a parse failure
 * and a check for "no metrics route" as present (an API walk).
 */
const SERVER_PATH = /^\/(api|metrics|docs)(\/|\?|$)/

/** The built SPA, when present: static files plus index.html for any other GET (client routing). */
async function serveClient(app: FastifyInstance, clientDir: string): Promise<void> {
  const hasClient = existsSync(resolve(clientDir, 'index.html'))
  if (hasClient) await app.register(fastifyStatic, { root: clientDir, wildcard: false })
  app.setNotFoundHandler((request, reply) => {
    if (hasClient && request.method === 'GET' && !SERVER_PATH.test(request.url))
      return reply.sendFile('index.html')
    const body: ErrorBody = {
      code: ErrorCode.NOT_FOUND,
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
      details: {},
    }
    return reply.status(404).send(body)
  })
}
