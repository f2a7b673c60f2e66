/**
 * A @fastify/rate-limit store whose counters live in Redis but which does not ask Redis on every
 * request. Each process takes a lease of `leaseSize(max)` consecutive counts of a key's window
 * in one INCRBY and hands them out locally, one per request, going back to Redis when they are
 * spent or the window ends. Every count is handed out once across all processes, so no more than
 * `max` requests per window are ever allowed, whatever process answers; what a lease costs is the
 * other way: counts a process holds but does not use are lost to the others, so a key's combined
 * allowance can fall short of `max` by at most (processes − 1) × (lease − 1) per window.
 *
 * leaseSize keeps that near 1 % of the limit (per other process): limits under 200 (sign-in per IP
 * and per account, writes per user at the default 120) get leases of 1, which is a Redis round trip
 * per request exactly as @fastify/rate-limit's own RedisStore makes, and stay exact. Higher limits
 * (pushes at 240: leases of 2; reads at 3,000: 30; the tests' and bench's 1,000,000: 10,000) save
 * all but one round trip of each lease.
 *
 * The lease ends with the Redis key's window: its local end is taken from PTTL, counted from when
 * the request was sent, so it never outlives the key. Not implemented (rateLimits.ts uses neither):
 * continueExceeding, exponentialBackoff, and `read` (createRateLimit's `{ increment: false }`).
 */
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit'
import type { Redis } from 'ioredis'

/** The lease share of the limit: a lease is at most 1 % of it. */
const LEASE_SHARE = 0.01

export function leaseSize(max: number): number {
  return Math.max(1, Math.floor(max * LEASE_SHARE))
}

/**
 * INCRBY the lease; the key's window starts with its first count (PEXPIRE only when the key has no
 * expiry yet, as the plugin's own script does on INCR's first count). Returns the last count of
 * the lease and the window's remaining milliseconds.
 */
const TAKE_LEASE = `
  local last = redis.call('INCRBY', KEYS[1], ARGV[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  return {last, ttl}
`

interface Lease {
  /** The next count to hand out, and the last of the lease. */
  next: number
  last: number
  /** Local time the key's window ends (at the latest). */
  endsAt: number
}

interface LeaseRedis extends Redis {
  takeRateLimitLease(key: string, count: number, windowMs: number): Promise<[number, number]>
}

/** Shared by a store and its children: one Redis connection, one table of leases. */
interface Leases {
  redis: LeaseRedis
  held: Map<string, Lease>
  /** Keys whose lease is being taken: requests arriving meanwhile wait for it. */
  taking: Map<string, Promise<void>>
  now: () => number
  /** When expired leases were last swept out of `held`. */
  sweptAt: number
}

export function leasedRedisStore(
  redis: Redis,
  nameSpace: string,
  now: () => number = Date.now,
): new (
  options: FastifyRateLimitOptions,
) => FastifyRateLimitStore {
  if (!('takeRateLimitLease' in redis)) {
    redis.defineCommand('takeRateLimitLease', { numberOfKeys: 1, lua: TAKE_LEASE })
  }
  const leases: Leases = {
    redis: redis as LeaseRedis,
    held: new Map(),
    taking: new Map(),
    now,
    sweptAt: now(),
  }
  return class LeasedRedisStore {
    declare incr: FastifyRateLimitStore['incr']
    declare child: FastifyRateLimitStore['child']
    constructor(_options: FastifyRateLimitOptions) {
      Object.assign(this, prefixedStore(leases, nameSpace))
    }
  }
}

/**
 * The store for keys under `prefix`. A child gets the same key layout as the plugin's RedisStore
 * (a limiter made by createRateLimit has no route, hence "undefinedundefined-" in its keys).
 */
function prefixedStore(leases: Leases, prefix: string): FastifyRateLimitStore {
  return {
    incr(key, callback, timeWindow, max) {
      countOne(leases, prefix + key, timeWindow, max).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      )
    },
    child(options) {
      const { routeInfo } = options as unknown as { routeInfo: { method?: string; url?: string } }
      return prefixedStore(leases, `${prefix}${routeInfo.method}${routeInfo.url}-`)
    },
  }
}

/** One request's count in `key`'s window: from this process's lease, or a new lease first. */
async function countOne(
  leases: Leases,
  key: string,
  windowMs: number,
  max: number,
): Promise<{ current: number; ttl: number }> {
  const size = leaseSize(max)
  if (size === 1) return countAlone(leases, key, windowMs)
  // Bounded: each turn either hands out a count or waits for a lease that was just taken.
  for (let attempt = 0; attempt < 3; attempt++) {
    const lease = leases.held.get(key)
    const now = leases.now()
    if (lease && lease.next <= lease.last && now < lease.endsAt) {
      return { current: lease.next++, ttl: lease.endsAt - now }
    }
    await (leases.taking.get(key) ?? takeLease(leases, key, size, windowMs))
  }
  // Leases taken meanwhile kept running out before this request got a count: a count of its own.
  return countAlone(leases, key, windowMs)
}

/** A lease of one count: a round trip per request, as the plugin's own RedisStore makes. */
async function countAlone(
  leases: Leases,
  key: string,
  windowMs: number,
): Promise<{ current: number; ttl: number }> {
  const [current, ttl] = await leases.redis.takeRateLimitLease(key, 1, windowMs)
  return { current, ttl }
}

function takeLease(leases: Leases, key: string, size: number, windowMs: number): Promise<void> {
  const sentAt = leases.now()
  const taking = leases.redis
    .takeRateLimitLease(key, size, windowMs)
    .then(([last, ttl]) => {
      sweep(leases, sentAt, windowMs)
      leases.held.set(key, { next: last - size + 1, last, endsAt: sentAt + ttl })
    })
    .finally(() => leases.taking.delete(key))
  leases.taking.set(key, taking)
  return taking
}

/** Drops the leases whose window has ended, at most once a window, so `held` stays small. */
function sweep(leases: Leases, now: number, windowMs: number): void {
  if (now - leases.sweptAt < windowMs) return
  leases.sweptAt = now
  for (const [key, lease] of leases.held) if (lease.endsAt <= now) leases.held.delete(key)
}
