/**
 * A client-generated booking id is the booking's for good: an exact replay (same slot) is answered
 * with the booking as it is now (invariant 3; a deleted one is not found, as GET says), a replay for another slot is 409 BOOKING_ID_TAKEN, and
 * so is an id already used in another organisation (row-level security hides that row, which used to
 * be taken for a full slot). A series id likewise: a replay with another request is refused, naming
 * the series id.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let other: TestOrganisation
let customerA: ApiClient
let customerInOther: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  other = await addOrganisation(server.db, 'Other organisation')
  customerA = server.api(await server.signIn(server.seed.customerA.email))
  customerInOther = server.api(await server.signIn(other.seed.customerA.email))
})
afterAll(async () => {
  await server?.close()
})

describe('a booking id replayed with another slot', () => {
  it('is 409 BOOKING_ID_TAKEN; the exact replay, even with other notes, is the booking as it is', async () => {
    const first = await server.seed.createSlot({ maxBookings: 3 })
    const second = await server.seed.createSlot({ maxBookings: 3 })
    const id = randomUUID()
    const booked = await customerA.post('/api/bookings', { id, slotId: first.id, notes: 'first' })
    expect(booked.status).toBe(201)
    const other = await customerA.post('/api/bookings', { id, slotId: second.id, notes: 'first' })
    expect([other.status, other.body.code]).toEqual([409, 'BOOKING_ID_TAKEN'])
    expect(other.body.message).toMatch(/already used for a booking of another slot/)
    const replay = await customerA.post('/api/bookings', { id, slotId: first.id, notes: 'resent' })
    expect(replay.status).toBe(201)
    expect(replay.body).toMatchObject({ id, slotId: first.id, notes: 'first' })
    const { rows } = await server.db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = ANY($1) ORDER BY start_time',
      [[first.id, second.id]],
    )
    expect(rows.map((r) => r.current_bookings)).toEqual([1, 0])
  })

  it('after the booking was cancelled and deleted, the replay is 404 BOOKING_NOT_FOUND, as GET answers', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 3 })
    const id = randomUUID()
    expect((await customerA.post('/api/bookings', { id, slotId: slot.id })).status).toBe(201)
    expect((await customerA.patch(`/api/bookings/${id}`, { status: 'CANCELLED' })).status).toBe(200)
    expect((await customerA.delete(`/api/bookings/${id}`)).status).toBe(200)
    const read = await customerA.get(`/api/bookings/${id}`)
    expect([read.status, read.body.code]).toEqual([404, 'BOOKING_NOT_FOUND'])
    const replay = await customerA.post('/api/bookings', { id, slotId: slot.id })
    expect([replay.status, replay.body.code]).toEqual([404, 'BOOKING_NOT_FOUND'])
    const { rows } = await server.db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = $1',
      [slot.id],
    )
    expect(rows[0]?.current_bookings).toBe(0)
  })

  it('after the booking was moved, the replay of its creation is still the booking', async () => {
    const first = await server.seed.createSlot({ maxBookings: 3 })
    const later = await server.seed.createSlot({ maxBookings: 3 })
    const id = randomUUID()
    expect((await customerA.post('/api/bookings', { id, slotId: first.id })).status).toBe(201)
    const moved = await customerA.post(`/api/bookings/${id}/reschedule`, { slotId: later.id })
    expect(moved.status).toBe(200)
    const replay = await customerA.post('/api/bookings', { id, slotId: first.id })
    expect([replay.status, replay.body.slotId]).toEqual([201, later.id])
  })
})

describe('a booking id used in another organisation', () => {
  it('is 409 BOOKING_ID_TAKEN on an empty slot, over REST', async () => {
    const theirs = await customerInOther.post('/api/bookings', { slotId: other.seed.slots.five.id })
    expect(theirs.status).toBe(201)
    const empty = await server.seed.createSlot({ maxBookings: 5 })
    const clash = await customerA.post('/api/bookings', { id: theirs.body.id, slotId: empty.id })
    expect([clash.status, clash.body.code]).toEqual([409, 'BOOKING_ID_TAKEN'])
    const { rows } = await server.db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = $1',
      [empty.id],
    )
    expect(rows[0]?.current_bookings).toBe(0)
  })

  it('is refused in a push as an id someone else holds (FORBIDDEN), not as a missing or full slot', async () => {
    const theirs = await customerInOther.post('/api/bookings', { slotId: other.seed.slots.pair.id })
    expect(theirs.status).toBe(201)
    const empty = await server.seed.createSlot({ maxBookings: 5 })
    const doc = { ...newBookingDoc(empty, server.seed.customerA.id), id: theirs.body.id }
    const pushed = await customerA.post('/api/replication/bookings/push', [{ newDocumentState: doc }])
    expect(pushed.status).toBe(200)
    expect(pushed.body).toHaveLength(1)
    // As for an id another customer of this organisation holds: not the slot's fault, not stored.
    expect(pushed.body[0]).toMatchObject({ id: doc.id, status: 'REJECTED', rejectionReason: 'FORBIDDEN' })
    const { rows } = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bookings WHERE id = $1',
      [doc.id],
    )
    expect(rows[0]?.n).toBe(1)
  })
})

describe('a series id replayed with another request', () => {
  it('is 409 BOOKING_ID_TAKEN naming a series id; the exact replay is the stored series', async () => {
    const first = await server.seed.createSlot({ maxBookings: 3, hoursFromNow: 500 })
    const other = await server.seed.createSlot({ maxBookings: 3, hoursFromNow: 501 })
    const id = randomUUID()
    const request = { id, firstSlotId: first.id, weeks: 1, mode: 'BOOK_WHAT_IS_FREE' }
    const made = await customerA.post('/api/bookings/series', request)
    expect(made.status).toBe(201)
    expect((await customerA.post('/api/bookings/series', request)).body).toEqual(made.body)
    for (const changed of [
      { ...request, firstSlotId: other.id },
      { ...request, weeks: 2 },
      { ...request, mode: 'ALL_OR_NOTHING' },
    ]) {
      const refused = await customerA.post('/api/bookings/series', changed)
      expect([refused.status, refused.body.code]).toEqual([409, 'BOOKING_ID_TAKEN'])
      expect(refused.body.message).toMatch(/series id/)
    }
  })
})
