/**
 * A profile saved on one device reaches the user's other devices over their open replication
 * streams (server/replication/streamAccess.ts): each of the user's streams gets an `account` event,
 * at once when the profile was saved through the same process, within the streams' check interval
 * when through another one; nobody else's stream does.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STREAM_ACCOUNT_EVENT } from '../../shared/replication.js'
import { secondProcess } from '../helpers/secondProcess.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
/** A second server process on the same database. */
let other: FastifyInstance

/** Longer than a save through this process may take to be told (it is told at once). */
const TOLD_HERE_MS = 1_000

beforeAll(async () => {
  // The streams' regular check at its default (2 s), so a save told sooner was told by the save.
  server = await startTestServer()
  other = await secondProcess(server.db)
})
afterAll(async () => {
  await other?.close()
  await server?.close()
})

/** An open replication stream and the text it received so far. */
async function openStream(token: string) {
  const controller = new AbortController()
  const response = await fetch(`${server.url}/api/replication/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  })
  expect(response.status).toBe(200)
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  const stream = { text: '', close: () => controller.abort() }
  void (async () => {
    for (;;) {
      const read = await reader?.read().catch(() => undefined)
      if (!read || read.done) return
      stream.text += decoder.decode(read.value, { stream: true })
    }
  })()
  // Connected: the server wrote its first comment.
  await expect.poll(() => stream.text).toContain(': connected')
  return stream
}

const accountEvents = (text: string) => text.split(`event: ${STREAM_ACCOUNT_EVENT}\n`).length - 1

describe("a user's profile saved on one device", () => {
  it("tells the user's open streams at once, and nobody else's", async () => {
    const laptop = await openStream(await server.signIn(server.seed.customerA.email))
    const someoneElse = await openStream(await server.signIn(server.seed.customerB.email))
    try {
      const phone = server.api(await server.signIn(server.seed.customerA.email))
      const saved = await phone.patch('/api/profile', { displayTimeZone: 'Europe/Berlin' })
      expect(saved.status).toBe(200)
      await expect.poll(() => accountEvents(laptop.text), { timeout: TOLD_HERE_MS }).toBe(1)
      // A save that changes nothing is not an account change.
      const again = await phone.patch('/api/profile', { displayTimeZone: 'Europe/Berlin' })
      expect(again.status).toBe(200)
      const changed = await phone.patch('/api/profile', { displayTimeZone: null })
      expect(changed.status).toBe(200)
      await expect.poll(() => accountEvents(laptop.text), { timeout: TOLD_HERE_MS }).toBe(2)
      expect(accountEvents(someoneElse.text)).toBe(0)
    } finally {
      laptop.close()
      someoneElse.close()
    }
  })

  it('tells them when it was saved through another server process', async () => {
    const laptop = await openStream(await server.signIn(server.seed.customerA.email))
    try {
      const token = await server.signIn(server.seed.customerA.email)
      const saved = await other.inject({
        method: 'PATCH',
        url: '/api/profile',
        headers: { authorization: `Bearer ${token}` },
        payload: { displayTimeZone: 'Asia/Tokyo' },
      })
      expect(saved.statusCode).toBe(200)
      // This process finds it at its next regular check of the open streams (2 s).
      await expect.poll(() => accountEvents(laptop.text), { timeout: 6_000 }).toBe(1)
    } finally {
      laptop.close()
    }
  })
})
