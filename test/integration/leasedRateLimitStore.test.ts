/**
 * The leased rate-limit store (server/http/leasedRedisStore.ts) against real Redis, two stores
 * standing for two server processes (each its own connection and its own leases): no more than
 * `max` counts are ever allowed per window across them, at most (processes − 1) × (lease − 1)
 * fewer, a limit under 200 is counted in Redis on every request, and a new window starts afresh.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyRateLimitStore } from '@fastify/rate-limit'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leaseSize, leasedRedisStore } from '../../server/http/leasedRedisStore.js'

function count(store: FastifyRateLimitStore, key: string, windowMs: number, max: number) {
  return new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (error, result) => (error || !result ? reject(error) : resolve(result)), windowMs, max),
  )
}

describe.runIf(process.env.REDIS_URL)('leased rate-limit store across two processes', () => {
  const connections: Redis[] = []
  let nameSpace = ''
  /** A store as one process has it (the plugin constructs the class, then asks for a child). */
  const processStore = () => {
    const redis = new Redis(process.env.REDIS_URL ?? '')
    connections.push(redis)
    const Store = leasedRedisStore(redis, nameSpace)
    return new Store({}).child({ routeInfo: {} } as never)
  }

  beforeAll(() => {
    nameSpace = `test-lease-${randomUUID()}:`
  })
  afterAll(async () => {
    const redis = connections[0]
    if (redis) {
      const keys = await redis.keys(`${nameSpace}*`)
      if (keys.length) await redis.del(...keys)
    }
    await Promise.all(connections.map((c) => c.quit()))
  })

  it('allows at most max requests in a window, whichever process answers, and nearly all of them', async () => {
    const [a, b] = [processStore(), processStore()]
    const max = 1000
    expect(leaseSize(max)).toBe(10)
    let allowed = 0
    // Uneven traffic (2 of every 3 requests on a), some of it concurrent within a process.
    for (let i = 0; i < 600; i++) {
      const results = await Promise.all([count(a, 'user:1', 60_000, max), count(a, 'user:1', 60_000, max)])
      results.push(await count(b, 'user:1', 60_000, max))
      allowed += results.filter((r) => r.current <= max).length
      for (const r of results) expect(r.ttl).toBeGreaterThan(0)
    }
    expect(allowed).toBeLessThanOrEqual(max)
    expect(allowed).toBeGreaterThanOrEqual(max - (leaseSize(max) - 1))
    // The key holds the counts handed out in leases; a fraction of a request's count went to Redis.
    const inRedis = Number(await connections[0]?.get(`${nameSpace}undefinedundefined-user:1`))
    expect(inRedis).toBeGreaterThanOrEqual(1800)
    expect(inRedis).toBeLessThanOrEqual(1800 + 2 * leaseSize(max))
  })

  it('counts a low limit in Redis on every request, exactly', async () => {
    const [a, b] = [processStore(), processStore()]
    const currents: number[] = []
    for (const store of [a, b, a, b, a, b]) currents.push((await count(store, 'ip:1', 60_000, 4)).current)
    expect(currents).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('starts a new window once the old one has ended, in every process', async () => {
    const [a, b] = [processStore(), processStore()]
    const max = 500
    // Long enough that the 500 counts below fit in one window on a loaded machine (2 s did not once,
    // beside a CI run and three test processes).
    const windowMs = 5000
    for (let i = 0; i < max; i++) await count(i % 2 ? a : b, 'user:2', windowMs, max)
    expect((await count(a, 'user:2', windowMs, max)).current).toBeGreaterThan(max)
    expect((await count(b, 'user:2', windowMs, max)).current).toBeGreaterThan(max)
    await new Promise((r) => setTimeout(r, windowMs + 50))
    expect((await count(a, 'user:2', windowMs, max)).current).toBe(1)
    expect((await count(b, 'user:2', windowMs, max)).current).toBe(leaseSize(max) + 1)
  })
})
