/**
 * A refused replication row is audited only when the pusher may manage what it tried to change: the
 * slot's own provider, whose offline change was refused (README "Providers offline"). Anyone else's
 * row on that slot (a customer, another provider) is answered with the server's state and leaves
 * nothing in the provider's trail, so nobody can fill someone else's audit trail with refusals.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BookingWireDoc, SlotWireDoc } from '../../shared/replication.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let customerA: ApiClient
let customerB: ApiClient
let providerA: ApiClient
let providerB: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  const signedIn = async (email: string) => server.api(await server.signIn(email))
  customerA = await signedIn(server.seed.customerA.email)
  customerB = await signedIn(server.seed.customerB.email)
  providerA = await signedIn(server.seed.providerA.email)
  providerB = await signedIn(server.seed.providerB.email)
})
afterAll(async () => {
  await server?.close()
})

async function pulledSlot(api: ApiClient, id: string): Promise<SlotWireDoc> {
  const pulled = await api.get('/api/replication/slots/pull?batchSize=500')
  const doc = (pulled.body.documents as SlotWireDoc[]).find((d) => d.id === id)
  if (!doc) throw new Error(`slot ${id} not pulled`)
  return doc
}

async function auditRows(entityId: string): Promise<{ action: string; actor_id: string }[]> {
  const { rows } = await server.db.query<{ action: string; actor_id: string }>(
    'SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY at, id',
    [entityId],
  )
  return rows
}

/** A pushed row toggling the slot's block, on the copy the pusher pulled. */
function toggled(doc: SlotWireDoc) {
  return { assumedMasterState: doc, newDocumentState: { ...doc, blocked: !doc.blocked } }
}

describe("a push changing someone else's slot", () => {
  it('by a customer: answered with the server state, nothing changed, nothing audited', async () => {
    const slot = await server.seed.createSlot()
    const before = await auditRows(slot.id)
    const doc = await pulledSlot(customerA, slot.id)
    const pushed = await customerA.post(
      '/api/replication/slots/push',
      Array.from({ length: 20 }, () => toggled(doc)),
    )
    expect(pushed.status).toBe(200)
    for (const answer of pushed.body) expect(answer).toMatchObject({ id: slot.id, blocked: false })
    expect(await auditRows(slot.id)).toEqual(before)
    const trail = await providerA.get('/api/audit')
    const entries = trail.body as { action: string; entityId: string }[]
    expect(entries.filter((e) => e.entityId === slot.id && e.action === 'slot.change_refused')).toEqual([])
  })

  it('by another provider: refused, not audited; its own provider is still audited', async () => {
    const slot = await server.seed.createSlot()
    const before = await auditRows(slot.id)
    const doc = await pulledSlot(providerA, slot.id)
    const theirs = await providerB.post('/api/replication/slots/push', [toggled(doc)])
    expect(theirs.status).toBe(200)
    expect(theirs.body[0]).toMatchObject({ id: slot.id, refusal: { code: 'FORBIDDEN' } })
    expect(await auditRows(slot.id)).toEqual(before)
    // The provider's own refused change (a capacity out of range) is the record that matters.
    const own = await providerA.post('/api/replication/slots/push', [
      { assumedMasterState: doc, newDocumentState: { ...doc, maxBookings: 0 } },
    ])
    expect(own.body[0].refusal).toBeDefined()
    const after = await auditRows(slot.id)
    expect(after.slice(before.length)).toEqual([
      { action: 'slot.change_refused', actor_id: server.seed.providerA.id },
    ])
  })
})

describe("a push changing someone else's booking", () => {
  it("is not audited in anyone's trail", async () => {
    const slot = await server.seed.createSlot({ maxBookings: 2 })
    const id = randomUUID()
    expect((await customerA.post('/api/bookings', { id, slotId: slot.id })).status).toBe(201)
    const pulled = await customerA.get('/api/replication/bookings/pull?batchSize=500')
    const doc = (pulled.body.documents as BookingWireDoc[]).find((d) => d.id === id)
    if (!doc) throw new Error('booking not pulled')
    const before = await auditRows(id)
    const pushed = await customerB.post('/api/replication/bookings/push', [
      { assumedMasterState: doc, newDocumentState: { ...doc, status: 'CANCELLED' } },
    ])
    expect(pushed.status).toBe(200)
    expect(await auditRows(id)).toEqual(before)
    const { rows } = await server.db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [
      id,
    ])
    expect(rows[0]?.status).toBe('PENDING')
  })
})
