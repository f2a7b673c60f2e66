/**
 * A stream request still in its hooks (the session lookup) when the server starts closing must not
 * open a stream that holds the server open for good: it is answered 503 (retry), and close() ends.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { defaultConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { TEST_SERVER_SETTINGS } from '../helpers/testSettings.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

it('a stream request caught by the shutdown is refused with 503 and close() completes', async () => {
  const token = await server.signIn(server.seed.customerA.email)
  let releaseLookup: () => void = () => {}
  const lookupHeld = new Promise<void>((resolve) => {
    releaseLookup = resolve
  })
  let lookupStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    lookupStarted = resolve
  })
  // The session lookup of the stream request waits until the shutdown has begun.
  const slowSessions: Database = {
    ...server.db,
    query: async (sql, params) => {
      if (/FROM sessions/.test(sql)) {
        lookupStarted()
        await lookupHeld
      }
      return server.db.query(sql, params)
    },
  }
  const app = await buildApp({
    db: slowSessions,
    config: defaultConfig({ ...TEST_SERVER_SETTINGS, SEED_DEMO: false }),
    clientDir: '/nonexistent',
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
  const response = fetch(`http://127.0.0.1:${address.port}/api/replication/stream`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await started
  const closing = app.close()
  // let preClose run before the request leaves its hook
  await new Promise((r) => setTimeout(r, 100))
  releaseLookup()
  const answered = await response
  expect(answered.status).toBe(503)
  expect(await answered.json()).toMatchObject({ code: 'UNAVAILABLE' })
  const closed = await Promise.race([
    closing.then(() => 'closed'),
    new Promise((r) => setTimeout(() => r('still open after 10 s'), 10_000)),
  ])
  expect(closed).toBe('closed')
})
