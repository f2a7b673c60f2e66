/**
 * The replication endpoints over HTTP: scoping by caller, tombstones, push semantics (domain
 * transactions, server-side rejection, stale bases, provider-only slot edits, counters ignored),
 * row-by-row outcomes with malformed rows named, and client mistakes answered with 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BookingWireDoc, SlotWireDoc } from '../../shared/replication.js'
import { seatTag } from '../../shared/seatTags.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import type { ApiClient, TestServer } from '../helpers/testServer.js'
import { startTestServer } from '../helpers/testServer.js'

let server: TestServer
let customerA: ApiClient
let customerB: ApiClient
let providerA: ApiClient
let providerB: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  const { seed } = server
  const signedIn = async (email: string) => server.api(await server.signIn(email))
  customerA = await signedIn(seed.customerA.email)
  customerB = await signedIn(seed.customerB.email)
  providerA = await signedIn(seed.providerA.email)
  providerB = await signedIn(seed.providerB.email)
})
afterAll(async () => {
  await server?.close()
})

async function pullAll<D>(api: ApiClient, collection: string): Promise<Map<string, D>> {
  const docs = new Map<string, D>()
  let checkpoint: unknown = null
  for (let page = 0; page < 1000; page++) {
    const query = checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : ''
    const response = await api.get(`/api/replication/${collection}/pull?batchSize=50${query}`)
    expect(response.status).toBe(200)
    for (const doc of response.body.documents) docs.set(doc.id, doc)
    checkpoint = response.body.checkpoint
    if (response.body.documents.length < 50) return docs
  }
  throw new Error('pull did not finish')
}

async function pushRows(api: ApiClient, collection: string, rows: unknown[]) {
  return api.post(`/api/replication/${collection}/push`, rows)
}

/** The caller's pulled copy of one booking (an accepted push is not answered: the pull brings it). */
async function bookingDoc(api: ApiClient, id: string): Promise<BookingWireDoc> {
  const doc = (await pullAll<BookingWireDoc>(api, 'bookings')).get(id)
  if (!doc) throw new Error(`booking ${id} not pulled`)
  return doc
}

async function slotDoc(api: ApiClient, id: string): Promise<SlotWireDoc> {
  const doc = (await pullAll<SlotWireDoc>(api, 'slots')).get(id)
  if (!doc) throw new Error(`slot ${id} not pulled`)
  return doc
}

describe('pull scope', () => {
  it('gives a customer every slot but only their own bookings; a provider their own slots and bookings on them', async () => {
    const slotA = await slotDoc(customerA, server.seed.slots.five.id)
    const mine = newBookingDoc(slotA, server.seed.customerA.id)
    const theirs = newBookingDoc(slotA, server.seed.customerB.id)
    expect((await pushRows(customerA, 'bookings', [{ newDocumentState: mine }])).status).toBe(200)
    expect((await pushRows(customerB, 'bookings', [{ newDocumentState: theirs }])).status).toBe(200)

    const customerSlots = await pullAll<SlotWireDoc>(customerA, 'slots')
    for (const slot of Object.values(server.seed.slots)) expect(customerSlots.has(slot.id)).toBe(true)
    // The same slot document for every viewer: the tags of every active booking, computed by the
    // server's SQL exactly as the device computes its own (shared/seatTags.ts).
    const allTags = [seatTag(mine.id), seatTag(theirs.id)].sort()
    expect(customerSlots.get(slotA.id)?.seatTags).toEqual(allTags)
    const customerBookings = await pullAll<BookingWireDoc>(customerA, 'bookings')
    expect([...customerBookings.keys()]).toContain(mine.id)
    expect([...customerBookings.keys()]).not.toContain(theirs.id)

    const providerSlots = await pullAll<SlotWireDoc>(providerB, 'slots')
    expect([...providerSlots.values()].every((s) => s.providerId === server.seed.providerB.id)).toBe(true)
    expect(providerSlots.has(server.seed.slots.providerB.id)).toBe(true)
    expect((await pullAll<BookingWireDoc>(providerB, 'bookings')).has(mine.id)).toBe(false)
    const providerBookings = await pullAll<BookingWireDoc>(providerA, 'bookings')
    expect(providerBookings.has(mine.id) && providerBookings.has(theirs.id)).toBe(true)
    expect((await pullAll<SlotWireDoc>(providerA, 'slots')).get(slotA.id)).toEqual(
      customerSlots.get(slotA.id),
    )
  })

  it("names the customer on a provider's bookings, ignores a pushed name, and never shows a customer another's name", async () => {
    const { seed } = server
    // A slot of its own: customerA holds a seat of the seeded ones already (one per slot, invariant 12).
    const slot = await slotDoc(customerA, (await seed.createSlot({ maxBookings: 2 })).id)
    const forged = { ...newBookingDoc(slot, seed.customerA.id), customerName: seed.customerB.name }
    const theirs = newBookingDoc(slot, seed.customerB.id)
    expect((await pushRows(customerA, 'bookings', [{ newDocumentState: forged }])).status).toBe(200)
    expect((await pushRows(customerB, 'bookings', [{ newDocumentState: theirs }])).status).toBe(200)

    const providerBookings = await pullAll<BookingWireDoc>(providerA, 'bookings')
    expect(providerBookings.get(forged.id)?.customerName).toBe(seed.customerA.name)
    expect(providerBookings.get(theirs.id)?.customerName).toBe(seed.customerB.name)

    const customerBookings = await pullAll<BookingWireDoc>(customerA, 'bookings')
    expect(customerBookings.get(forged.id)?.customerName).toBe(seed.customerA.name)
    for (const booking of customerBookings.values()) expect(booking.customerName).toBe(seed.customerA.name)
    // Nothing a customer pulls (their bookings, every slot with its seat tags) names another customer.
    const customerSlots = await pullAll<SlotWireDoc>(customerA, 'slots')
    const pulled = JSON.stringify([...customerBookings.values(), ...customerSlots.values()])
    expect(pulled).not.toContain(seed.customerB.name)
    expect(pulled).not.toContain(seed.customerC.name)
    expect(pulled).not.toContain(theirs.id)
  })

  it('replicates a deleted booking as a tombstone after the checkpoint', async () => {
    const first = await customerC()
    const slot = await slotDoc(first, server.seed.slots.pair.id)
    const booking = newBookingDoc(slot, server.seed.customerC.id)
    expect((await pushRows(first, 'bookings', [{ newDocumentState: booking }])).body).toEqual([])
    const created = await bookingDoc(first, booking.id)
    const start = await first.get('/api/replication/bookings/pull?batchSize=1000')
    const checkpoint = encodeURIComponent(JSON.stringify(start.body.checkpoint))
    const removed = { ...created, _deleted: true }
    expect(
      (await pushRows(first, 'bookings', [{ assumedMasterState: created, newDocumentState: removed }]))
        .status,
    ).toBe(200)
    const after = await first.get(`/api/replication/bookings/pull?batchSize=1000&checkpoint=${checkpoint}`)
    expect(after.body.documents).toEqual([expect.objectContaining({ id: booking.id, _deleted: true })])
  })
})

async function customerC(): Promise<ApiClient> {
  return server.api(await server.signIn(server.seed.customerC.email))
}

describe('push', () => {
  it('stores a refused booking as REJECTED with its reason and answers it as the conflict', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 1 })
    expect((await providerA.patch(`/api/slots/${slot.id}`, { blocked: true })).status).toBe(200)
    const booking = newBookingDoc(await slotDoc(customerA, slot.id), server.seed.customerA.id)
    const response = await pushRows(customerA, 'bookings', [{ newDocumentState: booking }])
    expect(response.status).toBe(200)
    expect(response.body).toEqual([
      expect.objectContaining({ id: booking.id, status: 'REJECTED', rejectionReason: 'SLOT_UNAVAILABLE' }),
    ])
    expect(response.body[0].localPending).toBeUndefined()
    const stored = await server.db.query('SELECT status, rejection_reason FROM bookings WHERE id = $1', [
      booking.id,
    ])
    expect(stored.rows).toEqual([{ status: 'REJECTED', rejection_reason: 'SLOT_UNAVAILABLE' }])
  })

  it('lands a booking on a slot that does not exist on REJECTED SLOT_NOT_FOUND', async () => {
    const slot = await slotDoc(customerA, server.seed.slots.five.id)
    const booking = newBookingDoc({ ...slot, id: crypto.randomUUID() }, server.seed.customerA.id)
    const response = await pushRows(customerA, 'bookings', [{ newDocumentState: booking }])
    expect(response.body).toEqual([
      expect.objectContaining({ id: booking.id, status: 'REJECTED', rejectionReason: 'SLOT_NOT_FOUND' }),
    ])
  })

  it('cancels through the lifecycle, freeing the seat; a stale base is a conflict that changes nothing', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 2 })
    const booking = newBookingDoc(await slotDoc(customerB, slot.id), server.seed.customerB.id)
    // Accepted as sent (PENDING): nothing to answer.
    expect((await pushRows(customerB, 'bookings', [{ newDocumentState: booking }])).body).toEqual([])
    const created = await bookingDoc(customerB, booking.id)
    expect(created).toMatchObject({ status: 'PENDING', rev: expect.any(String) })

    // The provider confirms meanwhile: the customer's base is now stale.
    const confirmation = await pushRows(providerA, 'bookings', [
      { assumedMasterState: created, newDocumentState: { ...created, status: 'CONFIRMED' } },
    ])
    expect(confirmation.body).toEqual([])
    const confirmed = await bookingDoc(customerB, booking.id)
    expect(confirmed).toMatchObject({ status: 'CONFIRMED' })
    const stale = await pushRows(customerB, 'bookings', [
      {
        assumedMasterState: created,
        newDocumentState: { ...created, status: 'CANCELLED', localPending: true },
      },
    ])
    // The server's state, with why the change was refused (issue 16: the device shows it).
    expect(stale.body).toEqual([
      { ...confirmed, refusal: { code: 'STALE_BASE', message: expect.any(String), field: 'status' } },
    ])

    const cancel = await pushRows(customerB, 'bookings', [
      { assumedMasterState: confirmed, newDocumentState: { ...confirmed, status: 'CANCELLED' } },
    ])
    expect(cancel.body).toEqual([])
    expect(await bookingDoc(customerB, booking.id)).toMatchObject({ status: 'CANCELLED' })
    const counter = await server.db.query('SELECT current_bookings FROM slots WHERE id = $1', [slot.id])
    expect(counter.rows).toEqual([{ current_bookings: 0 }])
  })

  it('refuses a lifecycle step the caller may not take and answers the server state', async () => {
    const booking = newBookingDoc(
      await slotDoc(customerA, server.seed.slots.pair.id),
      server.seed.customerA.id,
    )
    expect((await pushRows(customerA, 'bookings', [{ newDocumentState: booking }])).body).toEqual([])
    const created = await bookingDoc(customerA, booking.id)
    const response = await pushRows(customerA, 'bookings', [
      { assumedMasterState: created, newDocumentState: { ...created, status: 'COMPLETED' } },
    ])
    expect(response.body).toEqual([
      { ...created, refusal: { code: 'FORBIDDEN', message: expect.any(String), field: 'status' } },
    ])
  })

  it('judges the base by its lifecycle, not its rev: a device that never learned the rev is not stale', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 2 })
    const booking = newBookingDoc(await slotDoc(customerA, slot.id), server.seed.customerA.id)
    expect((await pushRows(customerA, 'bookings', [{ newDocumentState: booking }])).body).toEqual([])
    // RxDB's assumed master state is the document as pushed (rev null): the cancel still applies.
    const cancelled = { ...booking, status: 'CANCELLED' as const }
    const cancel = await pushRows(customerA, 'bookings', [
      { assumedMasterState: booking, newDocumentState: cancelled },
    ])
    expect(cancel.body).toEqual([])
    expect(await bookingDoc(customerA, booking.id)).toMatchObject({ status: 'CANCELLED' })
  })

  it('answers a status the server chose: an auto-confirming provider makes a pushed PENDING booking CONFIRMED', async () => {
    const booking = newBookingDoc(
      await slotDoc(customerA, server.seed.slots.providerB.id),
      server.seed.customerA.id,
    )
    const response = await pushRows(customerA, 'bookings', [{ newDocumentState: booking }])
    expect(response.body).toEqual([expect.objectContaining({ id: booking.id, status: 'CONFIRMED' })])
    // The answer is the server's document, revision included, exactly as a pull gives it.
    expect(response.body[0]).toEqual(await bookingDoc(customerA, booking.id))
  })

  it('honours a slot push only from its provider and only for capacity, blocking and deletion', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 3 })
    const master = await slotDoc(providerA, slot.id)
    const forged = { ...master, currentBookings: 3, isBooked: true, maxBookings: 4, blocked: true }

    const fromCustomer = await pushRows(customerA, 'slots', [
      { assumedMasterState: master, newDocumentState: forged },
    ])
    expect(fromCustomer.body).toEqual([expect.objectContaining({ maxBookings: 3, blocked: false })])
    const fromOtherProvider = await pushRows(providerB, 'slots', [
      { assumedMasterState: master, newDocumentState: forged },
    ])
    expect(fromOtherProvider.body).toEqual([expect.objectContaining({ id: slot.id, _deleted: true })])

    const fromOwner = await pushRows(providerA, 'slots', [
      { assumedMasterState: master, newDocumentState: forged },
    ])
    expect(fromOwner.body).toEqual([
      expect.objectContaining({ maxBookings: 4, blocked: true, currentBookings: 0, isBooked: false }),
    ])
    const stale = await pushRows(providerA, 'slots', [
      { assumedMasterState: master, newDocumentState: { ...master, maxBookings: 9 } },
    ])
    expect(stale.body).toEqual([expect.objectContaining({ maxBookings: 4 })])

    const current = fromOwner.body[0]
    const deleted = await pushRows(providerA, 'slots', [
      { assumedMasterState: current, newDocumentState: { ...current, _deleted: true } },
    ])
    // Deleted as the device asked: nothing to answer.
    expect(deleted.body).toEqual([])
    const stored = await server.db.query('SELECT deleted FROM slots WHERE id = $1', [slot.id])
    expect(stored.rows).toEqual([{ deleted: true }])
  })

  it('processes rows one by one: a malformed row is named in a 400 and the others still apply', async () => {
    const slot = await slotDoc(customerA, (await server.seed.createSlot({ maxBookings: 2 })).id)
    const good = newBookingDoc(slot, server.seed.customerA.id)
    const bad = { ...newBookingDoc(slot, server.seed.customerA.id), status: 'MAYBE' }
    const response = await pushRows(customerA, 'bookings', [
      { newDocumentState: good },
      { newDocumentState: bad },
      7,
    ])
    expect(response.status).toBe(400)
    expect(response.body.code).toBe('VALIDATION_FAILED')
    expect(response.body.message).toContain(`row 1 (${bad.id})`)
    expect(response.body.message).toContain('row 2')
    // The good row was accepted as sent, so it is no conflict.
    expect(response.body.details.conflicts).toEqual([])
    const stored = await server.db.query('SELECT id FROM bookings WHERE id = ANY($1::uuid[])', [
      [good.id, bad.id],
    ])
    expect(stored.rows).toEqual([{ id: good.id }])
  })
})

describe('client mistakes are 4xx', () => {
  it('answers bad checkpoints, unknown collections, oversized batches and missing tokens', async () => {
    expect((await customerA.get('/api/replication/slots/pull?checkpoint=nope')).status).toBe(400)
    expect(
      (
        await customerA.get(
          `/api/replication/slots/pull?checkpoint=${encodeURIComponent('{"since":"1:2:x"}')}`,
        )
      ).status,
    ).toBe(400)
    expect((await customerA.get('/api/replication/slots/pull?batchSize=0')).status).toBe(400)
    expect((await customerA.get('/api/replication/users/pull')).status).toBe(400)
    expect((await customerA.post('/api/replication/bookings/push', { not: 'an array' })).status).toBe(400)
    expect((await customerA.post('/api/replication/bookings/push', Array(501).fill(1))).status).toBe(400)
    expect((await server.api().get('/api/replication/slots/pull')).status).toBe(401)
    expect((await server.api().get('/api/replication/stream')).status).toBe(401)
    expect((await server.api().get('/api/replication/stream?access_token=wrong')).status).toBe(401)
  })
})
