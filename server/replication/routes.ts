/**
 * The replication endpoints (RxDB's protocol over HTTP), registered under /api/replication:
 *   GET  /:collection/pull?checkpoint=<json>&batchSize=<n>  -> { documents, checkpoint }
 *   POST /:collection/push  [{ assumedMasterState, newDocumentState }]  -> server states (conflicts)
 *   GET  /slots/window?from=&to=  -> the slot documents of one time window (a device's first week)
 *   GET  /stream  (Authorization: Bearer)  server-sent events: `change` with the collection's name,
 *        or `documents` with a scope's changed documents (shared/streamedChanges.ts), sent only for
 *        changes the caller can see (changeFeed.ts polls; wakeAudience.ts routes)
 * Every query is scoped to the caller; see pullChanges.ts for why no change is ever missed.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DomainError, ErrorCode } from '../../shared/errors.js'
import {
  CollectionName,
  PullQuery,
  PushBody,
  SlotWindowQuery,
  parseCheckpoint,
} from '../../shared/replication.js'
import type { ServiceMetrics } from '../metrics/serviceMetrics.js'
import { pushedBookingOutcomes } from '../metrics/pushedBookingOutcomes.js'
import type { ErrorBody } from '../../shared/schemas.js'
import { requireActor } from '../auth/authentication.js'
import { errorResponses } from '../routes/errorResponses.js'
import type { RouteOptions } from '../routes/routeOptions.js'
import { hashSessionToken } from '../auth/sessionTokens.js'
import { openChangeFeed } from './changeFeed.js'
import { pullStatements, replicatedCollections } from './collections.js'
import { type EventStream, openEventStream } from './eventStream.js'
import { hasHorizon, pullChanges } from './pullChanges.js'
import { slotHorizonEnd } from './slotHorizon.js'
import { watchStreamAccess } from './streamAccess.js'
import { pushDocuments } from './pushDocuments.js'
import { readSlotWindow } from './slotDocuments.js'

const CollectionParams = z.object({ collection: CollectionName })

export const replicationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, options) => {
  const { db } = options
  // The feed reads every organisation's changes (the owner's database); each stream hears only its own.
  const feed = openChangeFeed(options.systemDb, {
    pollMs: options.config.FEED_POLL_MS,
    idlePollMs: options.config.FEED_IDLE_POLL_MS,
    pacing: {
      perStreamMs: options.config.STREAM_WAKE_SPACING_MS,
      maxMs: options.config.STREAM_MAX_WAKE_SPACING_MS,
    },
  })
  app.metrics.watchChangeFeed(() => feed.stats().lastPollAt)
  // A write this process answered is read at once when the feed is quiet (changeFeed.ts).
  const stopNudges = app.onAnsweredWrite(() => feed.nudge())
  const streams = new Set<EventStream>()
  // A stream whose member was removed, given another role or signed out is ended; one whose user
  // changed their profile is told so (streamAccess.ts).
  const access = watchStreamAccess(options.systemDb, options.config.STREAM_ACCESS_CHECK_MS)
  // Open streams would keep the server from closing. A stream request still in its hooks (the session
  // lookup) when closing starts would open after this ran and hold the server open for good, so the
  // handler refuses once the app is closing (gracefulClose.ts, registered before this plugin, so its
  // preClose has run by the time this one ends the streams).
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end()
  })
  app.addHook('onClose', async () => {
    access.stop()
    stopNudges()
    await feed.close()
  })

  app.get(
    '/:collection/pull',
    {
      schema: {
        tags: ['replication'],
        summary: 'Documents changed since the checkpoint, and the next checkpoint',
        params: CollectionParams,
        querystring: PullQuery,
        response: {
          200: z.object({ documents: z.array(z.unknown()), checkpoint: z.unknown() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request)
      const checkpoint = parseCheckpoint(request.query.checkpoint)
      if (!checkpoint.success) {
        throw new DomainError(
          ErrorCode.VALIDATION_FAILED,
          'checkpoint: not a checkpoint this server issued',
          {
            issues: checkpoint.error.issues,
          },
        )
      }
      const { collection } = request.params
      const { source } = replicatedCollections[collection]
      const started = performance.now()
      const pulled = await pullChanges(
        db,
        source,
        pullStatements[collection][actor.role],
        actor.userId,
        checkpoint.data,
        request.query.batchSize,
        // Read at each request: the horizon's end moves with the clock (slotHorizon.ts).
        hasHorizon(source, actor.role)
          ? slotHorizonEnd(new Date(), options.config.SLOT_HORIZON_DAYS)
          : undefined,
      )
      app.metrics.replication(
        'pull',
        collection,
        pulled.documents.length,
        (performance.now() - started) / 1000,
      )
      return pulled
    },
  )

  app.get(
    '/slots/window',
    {
      schema: {
        tags: ['replication'],
        summary:
          "The slot documents starting in [from, to): a new device's first week, before its pull is done",
        querystring: SlotWindowQuery,
        response: { 200: z.array(z.unknown()), ...errorResponses },
      },
    },
    async (request) => readSlotWindow(db, requireActor(request), request.query),
  )

  app.post(
    '/:collection/push',
    {
      schema: {
        tags: ['replication'],
        summary: "Apply pushed rows one by one; answers the server's state of each conflicting document",
        params: CollectionParams,
        body: PushBody,
        response: { 200: z.array(z.unknown()), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      const collection = replicatedCollections[request.params.collection]
      const started = performance.now()
      const { conflicts, malformed } = await pushDocuments(db, actor, collection, request.body)
      recordPushMetrics(app.metrics, request.params.collection, request.body, conflicts, malformed, started)
      if (malformed.length === 0) return conflicts
      // The well-formed rows were applied all the same; the answer names the others.
      const body: ErrorBody = {
        code: ErrorCode.VALIDATION_FAILED,
        message: malformed
          .map((row) => `row ${row.index}${row.id ? ` (${row.id})` : ''}: ${describeIssues(row.issues)}`)
          .join('; '),
        details: { malformed, conflicts },
      }
      return reply.status(400).send(body)
    },
  )

  app.get(
    '/stream',
    {
      schema: {
        tags: ['replication'],
        summary:
          "Server-sent events: `change` (data = collection name) whenever a change the caller can see committed, or `documents` (the changed documents of the caller's scope with their checkpoint)",
      },
    },
    async (request, reply) => {
      const actor = requireActor(request)
      if (app.closing) {
        const body: ErrorBody = {
          code: ErrorCode.UNAVAILABLE,
          message: 'The server is shutting down.',
          details: {},
        }
        return reply.status(503).header('retry-after', '1').send(body)
      }
      reply.hijack()
      const tokenHash = request.sessionToken ? hashSessionToken(request.sessionToken) : null
      // Connected only once the feed has read what is already committed (changeFeed.ts ready()), and
      // the user's profile is known, so that a later change to it is told (streamAccess.ts).
      const [, account] = await Promise.all([
        feed.ready(),
        tokenHash ? access.account(tokenHash).catch(() => null) : null,
      ])
      // The device may have gone (or the server begun closing) meanwhile: nothing to open then.
      if (reply.raw.destroyed || app.closing) {
        reply.raw.destroy()
        return
      }
      let unsubscribe = () => {}
      let unwatch = () => {}
      const stream = openEventStream(
        reply.raw,
        {
          heartbeatMs: options.config.STREAM_HEARTBEAT_MS,
          retryMs: 1000,
        },
        () => {
          unsubscribe()
          unwatch()
          streams.delete(stream)
        },
      )
      if (tokenHash) {
        const { organisationId, organisationRole } = actor
        unwatch = access.watch(
          { tokenHash, organisationId, organisationRole },
          { end: () => stream.end(), accountChanged: () => stream.sendAccountChanged() },
          account,
        )
      }
      streams.add(stream)
      app.metrics.streamClients.inc()
      reply.raw.once('close', () => app.metrics.streamClients.dec())
      // Woken only by changes this viewer can see (wakeAudience.ts).
      unsubscribe = feed.watch(actor, (collection, spacingMs, documents) =>
        documents ? stream.sendDocuments(documents.frame) : stream.sendChange(collection, spacingMs),
      )
    },
  )
}

function recordPushMetrics(
  metrics: ServiceMetrics,
  collection: CollectionName,
  rows: readonly unknown[],
  conflicts: readonly unknown[],
  malformed: readonly { index: number }[],
  started: number,
): void {
  metrics.replication('push', collection, rows.length, (performance.now() - started) / 1000)
  if (collection !== 'bookings') return
  const malformedIndexes = new Set(malformed.map((row) => row.index))
  const applied = rows.filter((_, index) => !malformedIndexes.has(index))
  for (const outcome of pushedBookingOutcomes(applied, conflicts))
    metrics.bookingOutcome(outcome, 'replication')
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`).join(', ')
}

export default replicationRoutes
