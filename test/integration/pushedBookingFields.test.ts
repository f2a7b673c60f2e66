/**
 * A pushed booking is answered with the server's document whenever the device's copy shows something
 * else than the server holds, even when nothing was written: a change to a field the server never
 * takes from a push (notes after booking, the customer, the provider, the time) and a new booking
 * pushed with forged server fields are stored as the server decides, and answered, so the device lands
 * on the truth. Answered "accepted", the device kept its own copy for good. A copy that is right is
 * still not answered (pushRoundTrips.test.ts counts that path's statements).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BookingAnswer, BookingWireDoc } from '../../shared/replication.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let customerA: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  customerA = server.api(await server.signIn(server.seed.customerA.email))
})
afterAll(async () => {
  await server?.close()
})

/** A booking customerA made online, as its device holds it after a pull. */
async function pulledBooking(notes: string): Promise<BookingWireDoc> {
  const slot = await server.seed.createSlot({ maxBookings: 3 })
  const booked = await customerA.post('/api/bookings', { id: randomUUID(), slotId: slot.id, notes })
  expect(booked.status).toBe(201)
  const pulled = await customerA.get('/api/replication/bookings/pull?batchSize=500')
  const doc = (pulled.body.documents as BookingWireDoc[]).find((d) => d.id === booked.body.id)
  if (!doc) throw new Error('booking not pulled')
  return doc
}

async function storedBooking(id: string) {
  const { rows } = await server.db.query<{
    customer_id: string
    provider_id: string
    notes: string
    status: string
  }>('SELECT customer_id, provider_id, notes, status FROM bookings WHERE id = $1', [id])
  return rows[0]
}

describe('a pushed change only to a field the server does not take', () => {
  it('is answered with the server document (notes, customer, provider, time), and changes nothing', async () => {
    const doc = await pulledBooking('as booked')
    const later = new Date(Date.parse(doc.startTime) + 3_600_000).toISOString()
    for (const changed of [
      { notes: 'edited on the device' },
      { customerId: server.seed.customerB.id },
      { providerId: server.seed.providerB.id },
      { startTime: later },
    ]) {
      const pushed = await customerA.post('/api/replication/bookings/push', [
        { assumedMasterState: doc, newDocumentState: { ...doc, ...changed } },
      ])
      expect(pushed.status).toBe(200)
      expect(pushed.body).toEqual([
        expect.objectContaining({
          id: doc.id,
          notes: 'as booked',
          customerId: server.seed.customerA.id,
          providerId: doc.providerId,
          startTime: doc.startTime,
          status: doc.status,
        }),
      ])
      expect((pushed.body as BookingAnswer[])[0]?.refusal).toBeUndefined()
    }
    expect(await storedBooking(doc.id)).toEqual({
      customer_id: server.seed.customerA.id,
      provider_id: doc.providerId,
      notes: 'as booked',
      status: doc.status,
    })
  })

  it("is not answered when the copy is the server's: a cancel that ends where the device is", async () => {
    const doc = await pulledBooking('kept')
    const same = await customerA.post('/api/replication/bookings/push', [
      { assumedMasterState: doc, newDocumentState: { ...doc, updatedAt: new Date().toISOString() } },
    ])
    expect([same.status, same.body]).toEqual([200, []])
    const cancelled = await customerA.post('/api/replication/bookings/push', [
      { assumedMasterState: doc, newDocumentState: { ...doc, status: 'CANCELLED' } },
    ])
    expect([cancelled.status, cancelled.body]).toEqual([200, []])
  })
})

describe('a new booking pushed with forged server fields', () => {
  it('is stored as the server decides and answered with that, so the device drops its forgery', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 3 })
    const honest = newBookingDoc(slot, server.seed.customerA.id, 'honest')
    // One seat per customer per slot: each row books a slot of its own.
    const forgedSlot = await server.seed.createSlot({ maxBookings: 3 })
    const forged = {
      ...newBookingDoc(forgedSlot, server.seed.customerB.id, 'forged'),
      status: 'CONFIRMED',
      organisationId: randomUUID(),
    }
    const otherSlot = await server.seed.createSlot({ maxBookings: 3 })
    const forgedProvider = {
      ...newBookingDoc(otherSlot, server.seed.customerA.id),
      providerId: server.seed.providerB.id,
    }
    const pushed = await customerA.post('/api/replication/bookings/push', [
      { newDocumentState: honest },
      { newDocumentState: forged },
      { newDocumentState: forgedProvider },
    ])
    expect(pushed.status).toBe(200)
    const answers = pushed.body as BookingAnswer[]
    // The honest row ends where its device is: no answer.
    expect(answers.map((a) => a.id).sort()).toEqual([forged.id, forgedProvider.id].sort())
    const stored = await storedBooking(forged.id)
    expect(stored).toMatchObject({
      customer_id: server.seed.customerA.id,
      notes: 'forged',
      status: 'PENDING',
    })
    expect(answers.find((a) => a.id === forged.id)).toMatchObject({
      customerId: server.seed.customerA.id,
      status: stored?.status,
      notes: 'forged',
    })
    expect(answers.find((a) => a.id === forgedProvider.id)).toMatchObject({
      providerId: server.seed.providerA.id,
      slotId: otherSlot.id,
    })
    expect(await storedBooking(forgedProvider.id)).toMatchObject({ provider_id: server.seed.providerA.id })
  })
})
