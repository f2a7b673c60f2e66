/**
 * Lets close() finish promptly. A request still being answered when closing starts keeps its
 * keep-alive connection, and Node's server.close() then waits for that connection's idle timeout
 * (Fastify's default is 72 s) before it resolves. Answers sent while closing therefore say
 * `Connection: close`, so each such connection ends with its last answer.
 */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** True from the moment close() starts (its first preClose hook); routes that hold a request open check it. */
    readonly closing: boolean
  }
}

const gracefulClosePlugin: FastifyPluginAsync = async (app) => {
  let closing = false
  app.decorate('closing', { getter: () => closing })
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
}

/** Not encapsulated: its hooks apply to every route. */
export const gracefulClose = fp(gracefulClosePlugin, { name: 'graceful-close' })
