/**
 * Rate limits (issue 17, part 2): sign-in per IP and per account, writes and replication pushes
 * per user, reads per user; a refusal is a 429 with Retry-After and the documented error body and
 * changes nothing. Across two server processes sharing Redis the limit is one combined limit.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorBody } from '../../shared/schemas.js'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.js'
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase.js'
import { type ApiResponse, apiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

/** A 429 in the documented shape, its Retry-After header agreeing with details.retryAfterSeconds. */
function expectRateLimited(res: ApiResponse): void {
  expect(res.status).toBe(429)
  const body = ErrorBody.parse(res.body)
  expect(body.code).toBe('RATE_LIMITED')
  const seconds = (body.details as { retryAfterSeconds: number }).retryAfterSeconds
  expect(seconds).toBeGreaterThanOrEqual(1)
  expect(seconds).toBeLessThanOrEqual(60)
  expect(res.headers.get('retry-after')).toBe(String(seconds))
}

describe('rate limits in one process (memory store)', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({
      RATE_LIMIT_WINDOW_MS: 60_000,
      RATE_LIMIT_SIGN_IN_PER_IP: 8,
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT: 3,
      RATE_LIMIT_WRITES_PER_USER: 3,
      RATE_LIMIT_PUSHES_PER_USER: 2,
      RATE_LIMIT_READS_PER_USER: 20,
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('stops guessing one account’s password after a few attempts, even the right password, and then any account from that IP', async () => {
    const { email, password } = server.seed.customerA
    for (let i = 0; i < 3; i++) {
      expect((await server.api().post('/api/session', { email, password: `guess ${i}` })).status).toBe(401)
    }
    expectRateLimited(await server.api().post('/api/session', { email, password: 'guess 4' }))
    expectRateLimited(await server.api().post('/api/session', { email: email.toUpperCase(), password }))
    // Another account is not locked by the first one's attempts...
    const other = server.seed.customerC
    expect(
      (await server.api().post('/api/session', { email: other.email, password: other.password })).status,
    ).toBe(201)
    // ...until this IP has used its own allowance (8 attempts in all).
    for (let i = 0; i < 2; i++) {
      expect(
        (await server.api().post('/api/session', { email: `nobody${i}@test.example`, password: 'x' })).status,
      ).toBe(401)
    }
    expectRateLimited(
      await server.api().post('/api/session', { email: other.email, password: other.password }),
    )
  })

  it('limits writes per user: the refused booking is not stored, and other users write on', async () => {
    const customer = await server.seed.createCustomer('writer')
    const neighbour = await server.seed.createCustomer('neighbour')
    // Sessions from the database directly: this file's sign-ins are being rate limited above.
    const token = await sessionFor(server, customer.id)
    // A slot per booking (one seat per customer per slot, invariant 12), and the refused one on a slot
    // the customer holds no seat of, so that nothing but the limit refuses it.
    const slots = await Promise.all(
      Array.from({ length: 4 }, () => server.seed.createSlot({ maxBookings: 10 })),
    )
    for (const slot of slots.slice(0, 3)) {
      expect((await server.api(token).post('/api/bookings', { slotId: slot.id })).status).toBe(201)
    }
    const slot = slots[3] as (typeof slots)[number]
    const refusedId = randomUUID()
    expectRateLimited(await server.api(token).post('/api/bookings', { id: refusedId, slotId: slot.id }))
    const mine = await server.api(token).get('/api/bookings')
    expect(mine.status).toBe(200)
    expect(mine.body.map((b: { id: string }) => b.id)).not.toContain(refusedId)
    expect(mine.body).toHaveLength(3)
    expect(
      (await server.api(await sessionFor(server, neighbour.id)).post('/api/bookings', { slotId: slot.id }))
        .status,
    ).toBe(201)
  })

  it('limits replication pushes per user', async () => {
    const customer = await server.seed.createCustomer('pusher')
    const token = await sessionFor(server, customer.id)
    for (let i = 0; i < 2; i++) {
      expect((await server.api(token).post('/api/replication/bookings/push', [])).status).toBe(200)
    }
    expectRateLimited(await server.api(token).post('/api/replication/bookings/push', []))
  })

  it('limits reads per user (pulls and GETs), far above what a device needs', async () => {
    const customer = await server.seed.createCustomer('reader')
    const token = await sessionFor(server, customer.id)
    for (let i = 0; i < 20; i++) {
      const path = i % 2 ? '/api/replication/slots/pull?batchSize=10' : '/api/bookings'
      expect((await server.api(token).get(path)).status).toBe(200)
    }
    expectRateLimited(await server.api(token).get('/api/replication/slots/pull?batchSize=10'))
    // Health checks (load balancers) are never limited.
    expect((await server.api().get('/api/health')).status).toBe(200)
  })
})

describe('rate limits behind a trusted proxy', () => {
  it('count each client address from X-Forwarded-For on its own', async () => {
    const server = await startTestServer({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_SIGN_IN_PER_IP: 2 })
    try {
      const attempt = async (client: string) => {
        const res = await server.app.inject({
          method: 'POST',
          url: '/api/session',
          headers: { 'x-forwarded-for': client },
          payload: { email: `${randomUUID()}@test.example`, password: 'wrong' },
        })
        return res.statusCode
      }
      expect([await attempt('203.0.113.7'), await attempt('203.0.113.7')]).toEqual([401, 401])
      expect(await attempt('203.0.113.7')).toBe(429)
      expect(await attempt('203.0.113.8')).toBe(401)
    } finally {
      await server.close()
    }
  })
})

/** A session stored straight in the database, so that a test does not spend sign-in attempts. */
async function sessionFor(server: TestServer, userId: string): Promise<string> {
  const { hashSessionToken, newSessionToken } = await import('../../server/auth/sessionTokens.js')
  const { storeSession } = await import('../../server/domain/sessions.js')
  const token = newSessionToken()
  await storeSession(server.db, hashSessionToken(token), userId, new Date(Date.now() + 3_600_000))
  return token
}

describe.runIf(process.env.REDIS_URL)('rate limits across two server processes sharing Redis', () => {
  const servers: ServerProcess[] = []
  const dirs: string[] = []
  let database: TestDatabase | undefined

  beforeAll(async () => {
    const shared: Record<string, string> = {
      REDIS_URL: process.env.REDIS_URL ?? '',
      RATE_LIMIT_NAMESPACE: `test-two-processes-${randomUUID()}:`,
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_SIGN_IN_PER_IP: '6',
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT: '4',
    }
    // One PostgreSQL database for both when there is one; otherwise each its own PGlite directory
    // (sign-in attempts for unknown accounts count all the same).
    if (process.env.DATABASE_URL) {
      database = await openTestDatabase()
      const env = { ...shared, DATABASE_URL: database.url ?? '' }
      servers.push(...(await Promise.all([startServerProcess({ env }), startServerProcess({ env })])))
    } else {
      dirs.push(mkdtempSync(join(tmpdir(), 'rate-a-')), mkdtempSync(join(tmpdir(), 'rate-b-')))
      servers.push(
        ...(await Promise.all(
          dirs.map((dir) => startServerProcess({ env: { ...shared, PGLITE_DATA_DIR: dir } })),
        )),
      )
    }
  }, 180_000)
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await database?.dispose()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('enforces one combined limit per account and per IP, whichever process answers', async () => {
    const [a, b] = servers.map((s) => apiClient(s.url)) as [
      ReturnType<typeof apiClient>,
      ReturnType<typeof apiClient>,
    ]
    const attempt = (api: typeof a, email: string) => api.post('/api/session', { email, password: 'wrong' })
    // Four attempts on one account, alternating processes: each process sees only two of them.
    for (const api of [a, b, a, b]) expect((await attempt(api, 'victim@test.example')).status).toBe(401)
    // The fifth is refused, although this process alone has seen two attempts on that account.
    expectRateLimited(await attempt(a, 'victim@test.example'))
    // Per IP: six attempts in all (three per process) are allowed, the seventh refused.
    expect((await attempt(b, 'someone@test.example')).status).toBe(401)
    expectRateLimited(await attempt(a, 'someone-else@test.example'))
    expectRateLimited(await attempt(b, 'someone-else@test.example'))
  })
})
