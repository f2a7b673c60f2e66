/**
 * How the built client travels: compressed (brotli or gzip, as the browser accepts) and, for the
 * content-hashed files under /assets/, cached for a year (a new build has new names); the shell,
 * the service worker and the manifest are revalidated on every load so a deploy is seen at once.
 * Lighthouse measured 699 KiB of JavaScript sent uncompressed with `max-age=0` before this.
 * The event stream is never compressed: compression buffers, and its events must arrive at once.
 */
import fastifyCompress from '@fastify/compress'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const COMPRESSIBLE =
  /^(text\/(html|css|javascript|plain)|application\/(javascript|json|manifest\+json)|image\/svg\+xml)/
const YEAR_SECONDS = 365 * 24 * 3600

export const assetDelivery = fp(async (app: FastifyInstance) => {
  await app.register(fastifyCompress, { global: true, threshold: 1024, customTypes: COMPRESSIBLE })
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'GET' && reply.statusCode === 200 && !request.url.startsWith('/api/')) {
      const immutable = request.url.startsWith('/assets/')
      reply.header('cache-control', immutable ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache')
    }
    done(null, payload)
  })
})
