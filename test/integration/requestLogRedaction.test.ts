/**
 * Invariant 11 through the real app's log: a session token put in a URL under any parameter name
 * is logged redacted (a walk found `?authorization=`, `?sid=`, `?jwt=` … written verbatim: the log
 * redacted by name only), while the parameters a route declares keep their values.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type ServerLog, serverLog } from '../helpers/serverLog.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let log: ServerLog

beforeAll(async () => {
  log = serverLog()
  server = await startTestServer({}, { logger: log.logger })
})
afterAll(async () => {
  await server?.close()
})

it('a token under any name is redacted on a route and on a path no route answers; declared values stay', async () => {
  const token = await server.signIn(server.seed.customerA.email)
  const names = ['authorization', 'auth', 'session', 'sid', 'bearer', 'jwt', 'access', 'credentials', 't']
  for (const name of names) {
    const res = await fetch(`${server.url}/api/slots?${name}=${token}&limit=7`)
    expect(res.status).toBe(401)
    await res.body?.cancel()
  }
  const unknown = await fetch(`${server.url}/api/no-such-thing?q=${token}`)
  expect(unknown.status).toBeLessThan(500)
  await unknown.body?.cancel()

  const text = log.text()
  expect(text).not.toContain(token)
  for (const name of names) expect(text).toContain(`/api/slots?${name}=%5Bredacted%5D&limit=7`)
  expect(text).toContain('/api/no-such-thing?q=%5Bredacted%5D')
})
