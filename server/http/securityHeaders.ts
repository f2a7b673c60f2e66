/**
 * Hardening headers on every response (helmet's): nosniff, no framing, no referrer, and a
 * Content-Security-Policy that allows only this origin. The built client needs nothing more: Vite
 * emits module scripts and stylesheets as files, React sets styles through the CSSOM (not inline
 * `style` attributes), and fetch/EventSource/the service worker stay on this origin (the client
 * turns off zod's `new Function` probe). swagger-ui at /docs injects <style> elements and style
 * attributes, so its pages alone also allow inline styles (never inline scripts).
 *
 * Caching: API answers are per user and change by the second (Cache-Control: no-store); Vite's
 * content-hashed files under /assets/ never change (a year, immutable); everything else (index.html,
 * sw.js) is revalidated so a new deployment is picked up.
 *
 * None of these headers depends on the request (no nonces, no functions in the policy), so helmet
 * runs once at start-up and each response gets the recorded headers: @fastify/helmet ran helmet's
 * option parsing and CSP building again on every request (about 5 % of the server's CPU when booking).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

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

const HELMET_OPTIONS: HelmetOptions = {
  // No `upgrade-insecure-requests`: TLS is the deployment's business (a proxy in front), and on
  // plain http://127.0.0.1 it would send the browser to an https origin that does not exist.
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
}

/** The headers helmet sets with these options (names as it spells them), from one run of its middleware. */
export function helmetHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, [string, string]>()
  const response = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), [name, String(value)]),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
  })
  return [...headers.values()]
}

const HEADERS = helmetHeaders(HELMET_OPTIONS)

/**
 * The hardening headers, on the raw response as helmet does: they stay on every reply, error
 * replies included. With `cacheControl` also that header (for replies that skip the onSend hook).
 */
export function setSecurityHeaders(response: ServerResponse, cacheControl?: string): void {
  for (const [name, value] of HEADERS) response.setHeader(name, value)
  if (cacheControl) response.setHeader('cache-control', cacheControl)
}

const securityHeadersPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply.raw)
    done()
  })
  // onSend: after @fastify/static has set its own Cache-Control, and for error replies too.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('cache-control', reply.statusCode >= 400 ? 'no-store' : cacheControlFor(request.url))
    done(null, payload)
  })
}

/** Not encapsulated: the headers go on every response of the app. */
export const securityHeaders = fp(securityHeadersPlugin, { name: 'security-headers' })
