/**
 * Pages of a window read while writes go on, as RxDB's downstream loop relies on them (both found
 * by the replication property test, replicationProperty.test.ts):
 *  - the window's remaining rows rewritten before the next page carry a newer xid and belong to a
 *    later window: the continuation page must not come back empty (RxDB stops at an empty page
 *    without storing its checkpoint: the device would resend the same continuation and stall);
 *  - a page short of batchSize must show the server as of that request, not as of the window's
 *    end: RxDB drops a wake-up that arrived while it was paging, so a change committed meanwhile
 *    and left out of the last page would reach the device only with some later change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateSlot } from '../../server/domain/slots.js'
import type { Checkpoint, PullResponse } from '../../shared/replication.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

async function pull(token: string, checkpoint: Checkpoint | null, batchSize: number) {
  const query = new URLSearchParams({ batchSize: String(batchSize) })
  if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint))
  const res = await server
    .api(token)
    .get<PullResponse<{ id: string; rev: string }>>(`/api/replication/slots/pull?${query}`)
  expect(res.status).toBe(200)
  return res.body
}

describe('a continuation page whose rows were rewritten since', () => {
  it('answers the rewritten rows (from the next window) instead of an empty page', async () => {
    const { providerB } = server.seed
    const token = await server.signIn(providerB.email)
    // providerB's fixture slot plus two more: a window of 3 read in pages of 2
    await server.seed.createSlot({ provider: providerB })
    await server.seed.createSlot({ provider: providerB })
    const first = await pull(token, null, 2)
    expect(first.documents).toHaveLength(2)
    expect(first.checkpoint.after).not.toBeNull()

    const all = await pull(token, null, 100)
    const seen = new Set(first.documents.map((d) => d.id))
    const rest = all.documents.filter((d) => !seen.has(d.id))
    expect(rest).toHaveLength(1)
    const rewritten = rest[0] as { id: string }
    await server.db.transaction((tx) => updateSlot(tx, providerB, rewritten.id, { maxBookings: 7 }))

    const second = await pull(token, first.checkpoint, 2)
    expect(second.documents.map((d) => d.id)).toEqual([rewritten.id])
    // and the window after it holds nothing new: now empty is right (the window is exhausted)
    const third = await pull(token, second.checkpoint, 2)
    expect(third.documents).toEqual([])
  })

  it('a last page with room to spare also holds what was committed since the window began', async () => {
    const provider = server.seed.providerA
    const token = await server.signIn(provider.email)
    const window = (await pull(token, null, 1000)).documents.length
    const pageSize = window + 1
    // a window one row longer than a page: the second page finishes it with room to spare
    await server.seed.createSlot({ provider })
    await server.seed.createSlot({ provider })
    const first = await pull(token, null, pageSize)
    expect(first.documents).toHaveLength(pageSize)
    const late = await server.seed.createSlot({ provider })
    const second = await pull(token, first.checkpoint, pageSize)
    expect(second.documents.length).toBeLessThan(pageSize)
    expect(second.documents.map((d) => d.id)).toContain(late.id)
    expect(second.checkpoint).toMatchObject({ until: null, after: null })
  })
})
