import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Id } from '../../shared/schemas.js'
import {
  CreateWebhookEndpoint,
  SecretRotationRule,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../../shared/webhooks.js'
import { requireActor } from '../auth/authentication.js'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhook,
  rotateWebhookSecret,
  secretRotationRule,
  updateWebhookEndpoint,
} from '../domain/webhookEndpoints.js'
import { errorResponses } from './errorResponses.js'
import { replyWithOutcome } from './outcomeReply.js'
import type { RouteOptions } from './routeOptions.js'

const ById = z.object({ id: Id })
const BySequence = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
const Replayed = z.object({
  replayed: z.number().int(),
  /** The replayed deliveries as they stand after the replay (pending until the relay queues them). */
  deliveries: z.array(WebhookDelivery),
})
const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) })

export const webhookRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db, config }) => {
  const rules = { allowPrivateHosts: config.WEBHOOK_ALLOW_PRIVATE_HOSTS }

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Register an endpoint (the signing secret is in this answer only); a URL the manager already has ' +
          '(compared as the URL parser normalises it; a trailing slash is another URL) is 409 WEBHOOK_ENDPOINT_EXISTS, ' +
          'details naming the existing endpoint',
        body: CreateWebhookEndpoint,
        response: { 201: WebhookEndpointWithSecret, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => createWebhookEndpoint(tx, actor, request.body, rules))
      return replyWithOutcome(reply, outcome, 201)
    },
  )

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: "The provider's endpoints (without secrets)",
        response: { 200: z.array(WebhookEndpoint), ...errorResponses },
      },
    },
    async (request, reply) => replyWithOutcome(reply, await listWebhookEndpoints(db, requireActor(request))),
  )

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          "Change the URL or events (another endpoint's URL: 409 WEBHOOK_ENDPOINT_EXISTS), disable, or (re-)enable an endpoint",
        params: ById,
        body: UpdateWebhookEndpoint,
        response: { 200: WebhookEndpoint, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) =>
        updateWebhookEndpoint(tx, actor, request.params.id, request.body, rules),
      )
      return replyWithOutcome(reply, outcome)
    },
  )

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete an endpoint and its delivery log',
        params: ById,
        response: { 200: z.object({ id: Id }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => deleteWebhookEndpoint(tx, actor, request.params.id))
      return replyWithOutcome(reply, outcome)
    },
  )

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'A new signing secret (in this answer only); the old one also signs during the grace period',
        params: ById,
        response: { 200: WebhookEndpointWithSecret, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) =>
        rotateWebhookSecret(tx, actor, request.params.id, config.WEBHOOK_SECRET_GRACE_MS),
      )
      return replyWithOutcome(reply, outcome)
    },
  )

  app.get(
    '/webhooks/secret-rotation',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'How long the old secret keeps signing after a rotation (to say so before rotating)',
        response: { 200: SecretRotationRule, ...errorResponses },
      },
    },
    async (request, reply) =>
      replyWithOutcome(reply, secretRotationRule(requireActor(request), config.WEBHOOK_SECRET_GRACE_MS)),
  )

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          "The endpoint's delivery log, newest first (status, attempts and those before the last replay, " +
          'who replayed it and when, the next attempt of a retrying delivery, last error, response time)',
        params: ById,
        querystring: DeliveriesQuery,
        response: { 200: z.array(WebhookDelivery), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await listWebhookDeliveries(db, actor, request.params.id, request.query.limit)
      return replyWithOutcome(reply, outcome)
    },
  )

  app.post(
    '/webhooks/deliveries/:id/replay',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivered or failed delivery again',
        params: BySequence,
        response: { 200: Replayed, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) =>
        replayWebhook(tx, actor, { deliveryId: request.params.id }),
      )
      return replyWithOutcome(reply, outcome)
    },
  )

  app.post(
    '/webhooks/events/:id/replay',
    {
      schema: {
        tags: ['webhooks'],
        summary: "Send one event again to each of the provider's endpoints that got it",
        params: BySequence,
        response: { 200: Replayed, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const outcome = await db.transaction((tx) => replayWebhook(tx, actor, { eventId: request.params.id }))
      return replyWithOutcome(reply, outcome)
    },
  )
}
