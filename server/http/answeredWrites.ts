/**
 * Tells whoever listens that this process has just answered a write (any method but GET, HEAD and
 * OPTIONS, answered below 400): its change is committed. The change feed uses it to poll at once
 * when it is quiet, instead of at the end of its pause (server/replication/changeFeed.ts), so a
 * booking on one device reaches the others' screens sooner (issue 13, goal 4).
 *
 * Only a hint: a write through another process, or one this misses, is read by the next regular poll.
 */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** Calls `listener` after each write this process answered; returns the unsubscribe. */
    onAnsweredWrite(listener: () => void): () => void
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

const answeredWritesPlugin: FastifyPluginAsync = async (app) => {
  const listeners = new Set<() => void>()
  app.decorate('onAnsweredWrite', (listener: () => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  })
  // onSend, not onResponse: the handler has committed by now, and the feed's poll can start while
  // the answer is still being written.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!READS.has(request.method) && reply.statusCode < 400) for (const listener of listeners) listener()
    done(null, payload)
  })
}

/** Not encapsulated: its hook sees every route's answers. */
export const answeredWrites = fp(answeredWritesPlugin, { name: 'answered-writes' })
