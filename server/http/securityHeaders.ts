/**
 * Hardening headers on every response (@fastify/helmet): nosniff, no framing, no referrer, and a
 * Content-Security-Policy that allows only this origin. The built client needs nothing more: Vite
 * emits module scripts and stylesheets as files, React sets styles through the CSSOM (not inline
 * `style` attributes), and fetch/EventSource/the service worker stay on this origin (the client
 * turns off zod's `new Function` probe). swagger-ui at /docs injects <style> elements and style
 * attributes, so its pages alone also allow inline styles (never inline scripts).
 *
 * Caching: API answers are per user and change by the second (Cache-Control: no-store); Vite's
 * content-hashed files under /assets/ never change (a year, immutable); everything else (index.html,
 * sw.js) is revalidated so a new deployment is picked up.
 */
import fastifyHelmet from '@fastify/helmet'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

const SELF = "'self'"

export const contentSecurityPolicy = {
  defaultSrc: [SELF],
  scriptSrc: [SELF],
  scriptSrcAttr: ["'none'"],
  styleSrc: [SELF],
  imgSrc: [SELF, 'data:'],
  fontSrc: [SELF],
  connectSrc: [SELF],
  workerSrc: [SELF],
  manifestSrc: [SELF],
  objectSrc: ["'none'"],
  baseUri: [SELF],
  formAction: [SELF],
  frameAncestors: ["'none'"],
}

/** The policy of the /docs pages: the app's, plus inline styles for swagger-ui. */
export function docsContentSecurityPolicy(header: string): string {
  return header.replace(/style-src 'self'(;|$)/, "style-src 'self' 'unsafe-inline'$1")
}

export function cacheControlFor(url: string): string {
  const path = url.split('?')[0] ?? url
  if (path === '/api' || path.startsWith('/api/')) return 'no-store'
  if (path.startsWith('/assets/')) return 'public, max-age=31536000, immutable'
  return 'no-cache'
}

const securityHeadersPlugin: FastifyPluginAsync = async (app) => {
  await app.register(fastifyHelmet, {
    // No `upgrade-insecure-requests`: TLS is the deployment's business (a proxy in front), and on
    // plain http://127.0.0.1 it would send the browser to an https origin that does not exist.
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  })
  // onSend: after @fastify/static has set its own Cache-Control, and for error replies too.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('cache-control', reply.statusCode >= 400 ? 'no-store' : cacheControlFor(request.url))
    return payload
  })
}

/** Not encapsulated: the headers go on every response of the app. */
export const securityHeaders = fp(securityHeadersPlugin, { name: 'security-headers' })
