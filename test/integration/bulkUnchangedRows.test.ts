/**
 * A bulk row already in the state asked for (confirming a confirmed booking, blocking a blocked slot,
 * cancelling a cancelled booking) is a no-op of its single-row command: the answer says so per row
 * (`unchanged`, "It was already confirmed."), where it said only ok and the provider's panel read
 * "2 of 2 done" though nothing changed. Nothing is written for such a row (no audit entry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let provider: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  provider = server.api(await server.signIn(server.seed.providerA.email))
})
afterAll(async () => {
  await server?.close()
})

async function book(slotId: string): Promise<string> {
  const customer = await server.seed.createCustomer()
  const res = await server.api(await server.signIn(customer.email)).post('/api/bookings', { slotId })
  expect(res.status).toBe(201)
  return res.body.id
}

async function auditCount(entityId: string): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1',
    [entityId],
  )
  return rows[0]?.n ?? 0
}

describe('bulk rows already as asked', () => {
  it('confirming confirmed bookings: ok, unchanged, and said so; a pending one in the same request is confirmed', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 3 })
    const [confirmed, pending] = [await book(slot.id), await book(slot.id)]
    expect((await provider.patch(`/api/bookings/${confirmed}`, { status: 'CONFIRMED' })).status).toBe(200)
    const written = await auditCount(confirmed)

    const res = await provider.post('/api/bookings/bulk', { action: 'CONFIRM', ids: [confirmed, pending] })

    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      applied: 2,
      rows: [
        { id: confirmed, ok: true, unchanged: true, message: 'It was already confirmed.' },
        { id: pending, ok: true },
      ],
    })
    expect(await auditCount(confirmed)).toBe(written)
  })

  it('cancelling a cancelled booking says it already was; all or nothing still rolls an unchanged row back', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 3 })
    const [cancelled, other] = [await book(slot.id), await book(slot.id)]
    const reason = { reason: 'Closed' }
    expect(
      (await provider.post('/api/bookings/bulk', { action: 'CANCEL', ids: [cancelled], ...reason })).status,
    ).toBe(200)
    const again = await provider.post('/api/bookings/bulk', { action: 'CANCEL', ids: [cancelled], ...reason })
    expect(again.body.rows).toEqual([
      { id: cancelled, ok: true, unchanged: true, message: 'It was already cancelled.' },
    ])

    // Declining the cancelled one is refused, so the unchanged row is reported rolled back, not ok.
    const all = await provider.post('/api/bookings/bulk', {
      action: 'DECLINE',
      ids: [other, cancelled],
      atomicity: 'ALL_OR_NOTHING',
      ...reason,
    })
    expect(all.body.applied).toBe(0)
    expect(all.body.rows.map((r: { code?: string; unchanged?: boolean }) => [r.code, r.unchanged])).toEqual([
      ['ROLLED_BACK', undefined],
      ['INVALID_TRANSITION', undefined],
    ])
  })

  it('blocking a blocked slot, unblocking an open one: unchanged, nothing written', async () => {
    const [blocked, open] = [await server.seed.createSlot(), await server.seed.createSlot()]
    expect((await provider.patch(`/api/slots/${blocked.id}`, { blocked: true })).status).toBe(200)
    const written = await auditCount(blocked.id)

    const block = await provider.post('/api/slots/bulk', { action: 'BLOCK', ids: [blocked.id, open.id] })
    expect(block.body).toEqual({
      applied: 2,
      rows: [
        { id: blocked.id, ok: true, unchanged: true, message: 'It was already blocked.' },
        { id: open.id, ok: true },
      ],
    })
    expect(await auditCount(blocked.id)).toBe(written)

    const other = await server.seed.createSlot()
    const unblock = await provider.post('/api/slots/bulk', { action: 'UNBLOCK', ids: [other.id] })
    expect(unblock.body.rows).toEqual([
      { id: other.id, ok: true, unchanged: true, message: 'It was already open.' },
    ])
  })
})
