/**
 * A slot made on a provider's device keeps the device's id, and slot ids are global: a pushed new slot
 * whose id another organisation's slot holds is refused on its own row (SLOT_ID_TAKEN, the slot
 * dropped on the device), like a booking id (bookingIdReplay.test.ts). Row-level security hides that
 * slot, so the push used to insert it and fail on the primary key: a 500 that lost the whole batch,
 * sent again forever.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SlotAnswer } from '../../shared/replication.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let other: TestOrganisation
let provider: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  other = await addOrganisation(server.db, 'Other organisation')
  provider = server.api(await server.signIn(server.seed.providerA.email))
})
afterAll(async () => {
  await server?.close()
})

/** A new slot as providerA's device pushes it: `days` ahead on a whole hour, an hour long. */
function newSlotDoc(id: string, days: number) {
  const start = Math.ceil((Date.now() + days * 86_400_000) / 3_600_000) * 3_600_000
  const now = new Date().toISOString()
  return {
    id,
    providerId: server.seed.providerA.id,
    serviceId: server.seed.serviceA.id,
    providerName: '',
    serviceName: '',
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + 3_600_000).toISOString(),
    maxBookings: 2,
    currentBookings: 0,
    blocked: false,
    isBooked: false,
    isAvailable: true,
    seatTags: [],
    rev: null,
    updatedAt: now,
    _deleted: false,
  }
}

async function storedSlot(id: string) {
  const { rows } = await server.db.query<{
    organisation_id: string
    provider_id: string
    max_bookings: number
  }>('SELECT organisation_id, provider_id, max_bookings FROM slots WHERE id = $1', [id])
  return rows
}

describe("a pushed new slot whose id is another organisation's slot", () => {
  it('is refused on its own row (SLOT_ID_TAKEN); the batch is answered 200 and its other rows applied', async () => {
    const theirs = other.seed.slots.five
    const before = await storedSlot(theirs.id)
    const honest = newSlotDoc(randomUUID(), 40)
    const clash = newSlotDoc(theirs.id, 41)
    const pushed = await provider.post('/api/replication/slots/push', [
      { newDocumentState: honest },
      { newDocumentState: clash },
    ])
    expect(pushed.status).toBe(200)
    const answers = pushed.body as SlotAnswer[]
    // The honest slot is created: answered with the server's document (names, revision).
    expect(answers.find((a) => a.id === honest.id)).toMatchObject({ _deleted: false, maxBookings: 2 })
    expect(answers.find((a) => a.id === honest.id)?.refusal).toBeUndefined()
    expect(await storedSlot(honest.id)).toEqual([
      { organisation_id: expect.any(String), provider_id: server.seed.providerA.id, max_bookings: 2 },
    ])
    // The clash is dropped on the device with its reason, and the other organisation's slot is untouched.
    expect(answers.find((a) => a.id === theirs.id)).toMatchObject({
      _deleted: true,
      refusal: { code: 'SLOT_ID_TAKEN', field: 'created' },
      refusals: [{ code: 'SLOT_ID_TAKEN', field: 'created' }],
    })
    expect(await storedSlot(theirs.id)).toEqual(before)
    expect(before).toEqual([
      { organisation_id: other.id, provider_id: other.seed.providerA.id, max_bookings: 5 },
    ])
  })

  it("is refused the same way when sent again, and is in the provider's own trail as a refused new slot", async () => {
    const clash = newSlotDoc(other.seed.slots.pair.id, 42)
    for (let attempt = 0; attempt < 2; attempt++) {
      const pushed = await provider.post('/api/replication/slots/push', [{ newDocumentState: clash }])
      expect(pushed.status).toBe(200)
      expect(pushed.body).toEqual([
        expect.objectContaining({
          id: clash.id,
          refusal: expect.objectContaining({ code: 'SLOT_ID_TAKEN' }),
        }),
      ])
    }
    const trail = await provider.get('/api/audit')
    const refusals = (trail.body as { action: string; entityId: string }[]).filter(
      (e) => e.entityId === clash.id && e.action === 'slot.change_refused',
    )
    expect(refusals).toHaveLength(2)
  })
})
