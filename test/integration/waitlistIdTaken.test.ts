/**
 * A waitlist entry's client id is the entry's for good, across organisations, as a booking's is
 * (bookingIdReplay.test.ts): row-level security hides another organisation's entry, so a join with its
 * id used to insert, fail on the primary key and answer 500 (and roll a whole replication push back).
 * Now: 409 WAITLIST_ID_TAKEN over REST, and a per-row refusal in a push whose other rows are applied.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Slot } from '../../shared/schemas.js'
import type { WaitlistPushDoc } from '../../shared/waitlist.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import type { TestFixtures } from '../helpers/testFixtures.js'
import { type ApiClient, type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let other: TestOrganisation

beforeAll(async () => {
  server = await startTestServer()
  other = await addOrganisation(server.db, 'Other organisation')
})
afterAll(async () => {
  await server?.close()
})

const as = async (user: Pick<TestUser, 'email'>): Promise<ApiClient> =>
  server.api(await server.signIn(user.email))

/** A slot of `seed`'s organisation whose one seat is taken. */
async function fullSlot(seed: TestFixtures): Promise<Slot> {
  const slot = await seed.createSlot({ maxBookings: 1 })
  const holder = await seed.createCustomer('holder')
  expect((await (await as(holder)).post('/api/bookings', { slotId: slot.id })).status).toBe(201)
  return slot
}

/** The id of a waitlist entry another organisation's customer holds. */
async function theirEntryId(): Promise<string> {
  const waiter = await other.seed.createCustomer('their-waiter')
  const id = randomUUID()
  const joined = await (await as(waiter)).post(`/api/slots/${(await fullSlot(other.seed)).id}/waitlist`, {
    id,
  })
  expect(joined.status).toBe(201)
  return id
}

const pushDoc = (slot: Slot, customerId: string, id: string = randomUUID()): WaitlistPushDoc => ({
  id,
  slotId: slot.id,
  providerId: slot.providerId,
  customerId,
  startTime: slot.startTime,
  status: 'WAITING',
  rejectionReason: null,
  bookingId: null,
  updatedAt: new Date().toISOString(),
  rev: null,
  localPending: true,
  _deleted: false,
})

async function entriesWithId(id: string): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM waitlist WHERE id = $1',
    [id],
  )
  return rows[0]?.n ?? 0
}

describe('a waitlist entry id used in another organisation', () => {
  it('is 409 WAITLIST_ID_TAKEN over REST, and nothing is written', async () => {
    const id = await theirEntryId()
    const slot = await fullSlot(server.seed)
    const customer = await server.seed.createCustomer('joiner')
    const clash = await (await as(customer)).post(`/api/slots/${slot.id}/waitlist`, { id })
    expect([clash.status, clash.body.code]).toEqual([409, 'WAITLIST_ID_TAKEN'])
    expect(await entriesWithId(id)).toBe(1)
    // A fresh id still joins.
    expect((await (await as(customer)).post(`/api/slots/${slot.id}/waitlist`, {})).status).toBe(201)
  })

  it('is refused for its row alone in a push: the other rows of the batch are applied', async () => {
    const id = await theirEntryId()
    const slot = await fullSlot(server.seed)
    const customer = await server.seed.createCustomer('device')
    const clashing = pushDoc(slot, customer.id, id)
    const own = pushDoc(await fullSlot(server.seed), customer.id)
    const pushed = await (await as(customer)).post('/api/replication/waitlist/push', [
      { assumedMasterState: null, newDocumentState: clashing },
      { assumedMasterState: null, newDocumentState: own },
    ])
    expect(pushed.status).toBe(200)
    // As an entry id another customer of this organisation holds: not stored, nothing of theirs told.
    expect(pushed.body).toEqual([
      expect.objectContaining({ id, status: 'REJECTED', rejectionReason: 'FORBIDDEN', rev: null }),
      expect.objectContaining({ id: own.id, status: 'WAITING', position: 1 }),
    ])
    expect(await entriesWithId(id)).toBe(1)
  })
})

describe('a waitlist entry id another customer of this organisation holds', () => {
  it('is 409 WAITLIST_ID_TAKEN, as a booking id is', async () => {
    const slot = await fullSlot(server.seed)
    const first = await server.seed.createCustomer('first')
    const id = randomUUID()
    expect((await (await as(first)).post(`/api/slots/${slot.id}/waitlist`, { id })).status).toBe(201)
    const second = await server.seed.createCustomer('second')
    const clash = await (await as(second)).post(`/api/slots/${slot.id}/waitlist`, { id })
    expect([clash.status, clash.body.code]).toEqual([409, 'WAITLIST_ID_TAKEN'])
    // The replay by its own customer is the entry as it is.
    const replay = await (await as(first)).post(`/api/slots/${slot.id}/waitlist`, { id })
    expect(replay).toMatchObject({ status: 201, body: { id, status: 'WAITING', position: 1 } })
  })
})
