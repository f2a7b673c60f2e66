/**
 * Rate limits (@fastify/rate-limit's counters): sign-in per client IP and per account, REST writes
 * and replication pushes per user, reads (GETs, pulls, the stream) per user with a generous limit.
 * The counters live in Redis when REDIS_URL is set, so every server process enforces one combined
 * limit (taken in leases, so a high limit costs no Redis round trip per request: leasedRedisStore.ts);
 * in memory otherwise (one process). A refused request is a 429 with Retry-After and the
 * documented error body, code RATE_LIMITED, details.retryAfterSeconds: "later", never "no".
 */
import { createHash } from 'node:crypto'
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { AppConfig } from '../config.js'
import { leasedRedisStore } from './leasedRedisStore.js'

type Limiter = ReturnType<FastifyInstance['createRateLimit']>

/** Which limit a request counts against, from its method and route (not its raw URL). */
export type LimitClass = 'signIn' | 'push' | 'write' | 'read' | null

export function limitClass(method: string, route: string | undefined): LimitClass {
  if (!route?.startsWith('/api/') || route === '/api/health') return null
  if (route === '/api/session' && method === 'POST') return 'signIn'
  // Invitation links are guessed like passwords: the same per-IP limit (and per account on sign-up).
  if (route.startsWith('/api/invitations/') && method === 'POST') return 'signIn'
  if (route.startsWith('/api/replication/') && route.endsWith('/push')) return 'push'
  if (method === 'POST' || method === 'PATCH' || method === 'DELETE' || method === 'PUT') return 'write'
  return 'read'
}

/** The account a sign-in is for, as it appears in the counters' keys (hashed: no emails in Redis). */
function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')
}

async function openRedis(app: FastifyInstance, url: string): Promise<Redis> {
  // No offline queue: while Redis is unreachable a counter fails at once and the request is let
  // through (skipOnError) rather than waiting; bookings matter more than counting them.
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
  })
  redis.on('error', (error: Error) =>
    app.log.warn({ reason: error.message }, 'rate-limit store (Redis) error'),
  )
  await redis.connect()
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect())
  })
  return redis
}

const rateLimitsPlugin: FastifyPluginAsync<{ config: AppConfig }> = async (app, { config }) => {
  const redis = config.REDIS_URL ? await openRedis(app, config.REDIS_URL) : undefined
  await app.register(fastifyRateLimit, {
    global: false,
    store: redis ? leasedRedisStore(redis, config.RATE_LIMIT_NAMESPACE) : undefined,
    skipOnError: true,
  })

  // Each limiter prefixes its own keys (the plugin's child store adds an empty route part, which
  // shows as "undefinedundefined-" in the Redis keys).
  const windowed = (max: number, key: (request: FastifyRequest) => string): Limiter =>
    app.createRateLimit({ max, timeWindow: config.RATE_LIMIT_WINDOW_MS, keyGenerator: key })
  // An IPv6 client usually holds a whole /64: counted as one address, as the plugin itself does.
  const clientIp = (request: FastifyRequest) => normalizeIP(request.ip)
  const userOrIp = (request: FastifyRequest) =>
    request.actor ? `user:${request.actor.userId}` : `ip:${clientIp(request)}`
  const limiters = {
    signIn: windowed(config.RATE_LIMIT_SIGN_IN_PER_IP, (r) => `sign-in-ip:${clientIp(r)}`),
    push: windowed(config.RATE_LIMIT_PUSHES_PER_USER, (r) => `push:${userOrIp(r)}`),
    write: windowed(config.RATE_LIMIT_WRITES_PER_USER, (r) => `write:${userOrIp(r)}`),
    read: windowed(config.RATE_LIMIT_READS_PER_USER, (r) => `read:${userOrIp(r)}`),
  }
  const perAccount = windowed(
    config.RATE_LIMIT_SIGN_IN_PER_ACCOUNT,
    (r) => `sign-in-account:${accountKey((r.body as { email: string }).email)}`,
  )

  async function enforce(limiter: Limiter, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const result = await limiter(request)
    if (result.isAllowed || !result.isExceeded) return
    const retryAfterSeconds = Math.max(1, result.ttlInSeconds)
    reply.header('retry-after', String(retryAfterSeconds))
    throw new DomainError(ErrorCode.RATE_LIMITED, errorMessages.RATE_LIMITED, { retryAfterSeconds })
  }

  // Callback-style hooks: a request that counts against no limit here goes on without a promise.
  const enforceThen = (
    limiter: Limiter,
    request: FastifyRequest,
    reply: FastifyReply,
    done: (error?: Error) => void,
  ) => void enforce(limiter, request, reply).then(() => done(), done)
  // After authentication's onRequest hook (registered before this plugin): the actor is known, and
  // nothing has been parsed yet, so a flood costs little.
  app.addHook('onRequest', (request, reply, done) => {
    const kind = limitClass(request.method, request.routeOptions.url)
    if (kind) enforceThen(limiters[kind], request, reply, done)
    else done()
  })
  // The account is in the body: counted once the body is parsed and valid.
  app.addHook('preHandler', (request, reply, done) => {
    const namesAccount = typeof (request.body as { email?: unknown } | undefined)?.email === 'string'
    if (namesAccount && limitClass(request.method, request.routeOptions.url) === 'signIn')
      enforceThen(perAccount, request, reply, done)
    else done()
  })
}

/** Not encapsulated: its hooks run for every route of the app. */
export const rateLimits = fp(rateLimitsPlugin, { name: 'rate-limits', dependencies: ['authentication'] })
