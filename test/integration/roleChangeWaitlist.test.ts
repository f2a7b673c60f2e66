/**
 * A customer made a provider or admin no longer books in the organisation, so their waitlist places
 * there end as a removal ends them (status LEFT, counted in the trail: server/domain/memberManagement.ts),
 * and a promotion never gives a seat to a waiter who is no longer a customer member of the slot's
 * organisation (server/domain/waitlist.ts promoteWaitlist: such an entry ends LEFT and the next
 * waiter gets the seat). Before, the entry stayed WAITING and a cancellation booked the seat for the
 * new provider, who could neither see nor cancel it, and who could then no longer be removed.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import type { Slot } from '../../shared/schemas.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { type ApiClient, type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

/** A fresh organisation whose providerB is its admin, with a client per member. */
async function organisation(name: string): Promise<{
  org: TestOrganisation
  admin: ApiClient
  as(user: TestUser): Promise<ApiClient>
}> {
  const org = await addOrganisation(server.db, name)
  await addMembership(server.db, org.id, org.seed.providerB.id, 'admin')
  const as = async (user: TestUser) => server.api(await server.signIn(user.email), org.id)
  return { org, admin: await as(org.seed.providerB), as }
}

/** A 1-seat slot taken by a new customer; returns it with the holder's client and booking id. */
async function fullSlot(
  org: TestOrganisation,
  as: (user: TestUser) => Promise<ApiClient>,
  hoursFromNow: number,
): Promise<{ slot: Slot; holder: ApiClient; bookingId: string }> {
  const slot = await org.seed.createSlot({ maxBookings: 1, hoursFromNow })
  const holder = await as(await org.seed.createCustomer('holder'))
  const booked = await holder.post('/api/bookings', { id: randomUUID(), slotId: slot.id })
  expect(booked.status).toBe(201)
  return { slot, holder, bookingId: booked.body.id }
}

async function join(client: ApiClient, slotId: string): Promise<void> {
  const res = await client.post(`/api/slots/${slotId}/waitlist`, { id: randomUUID() })
  expect([res.status, res.body.status]).toEqual([201, 'WAITING'])
}

async function cancel(client: ApiClient, bookingId: string): Promise<void> {
  expect((await client.patch(`/api/bookings/${bookingId}`, { status: 'CANCELLED' })).status).toBe(200)
}

async function entryStatuses(organisationId: string, customerId: string): Promise<string[]> {
  const { rows } = await server.db.query<{ status: string }>(
    'SELECT status FROM waitlist WHERE organisation_id = $1 AND customer_id = $2 ORDER BY joined_at',
    [organisationId, customerId],
  )
  return rows.map((row) => row.status)
}

/** Every booking the user holds as a customer there, whatever its status. */
async function bookingsOf(organisationId: string, customerId: string): Promise<string[]> {
  const { rows } = await server.db.query<{ status: string }>(
    'SELECT status FROM bookings WHERE organisation_id = $1 AND customer_id = $2',
    [organisationId, customerId],
  )
  return rows.map((row) => row.status)
}

async function activeBookingsOf(organisationId: string, customerId: string): Promise<number> {
  const statuses = await bookingsOf(organisationId, customerId)
  return statuses.filter((status) => status === 'PENDING' || status === 'CONFIRMED').length
}

async function seatsTaken(slotId: string): Promise<number> {
  const { rows } = await server.db.query<{ current_bookings: number }>(
    'SELECT current_bookings FROM slots WHERE id = $1',
    [slotId],
  )
  return rows[0]?.current_bookings ?? -1
}

describe('a customer made a provider or admin', () => {
  it.each(['provider', 'admin'] as const)(
    'made %s: leaves their waitlist places (in the trail); a freed seat goes to the next customer or stays free; they stay removable',
    async (role) => {
      const { org, admin, as } = await organisation(`Role change to ${role}`)
      const changed = await org.seed.createCustomer('changed')
      const changedApi = await as(changed)
      const next = await org.seed.createCustomer('next')
      const nextApi = await as(next)
      // One queue with a real customer behind them, one where they wait alone.
      const shared = await fullSlot(org, as, 10)
      const alone = await fullSlot(org, as, 20)
      await join(changedApi, shared.slot.id)
      await join(nextApi, shared.slot.id)
      await join(changedApi, alone.slot.id)

      const change = await admin.patch(`/api/organisation/members/${changed.id}`, { role })
      expect([change.status, change.body.role]).toEqual([200, role])
      expect(await entryStatuses(org.id, changed.id)).toEqual(['LEFT', 'LEFT'])
      const trail = await admin.get('/api/organisation/audit')
      expect(trail.body.find((e: { action: string }) => e.action === 'member.role_changed')).toMatchObject({
        entityId: changed.id,
        before: { role: 'customer', name: changed.name },
        after: { role, name: changed.name, waitlistPlacesLeft: 2 },
      })

      await cancel(shared.holder, shared.bookingId)
      await cancel(alone.holder, alone.bookingId)
      // The shared queue's seat went to the customer behind them; the other stays free.
      expect(await activeBookingsOf(org.id, next.id)).toBe(1)
      expect(await entryStatuses(org.id, next.id)).toEqual(['PROMOTED'])
      expect(await seatsTaken(shared.slot.id)).toBe(1)
      expect(await seatsTaken(alone.slot.id)).toBe(0)
      expect(await bookingsOf(org.id, changed.id)).toEqual([])
      const notices = await changedApi.get('/api/notifications')
      expect(notices.body.map((n: { kind: string }) => n.kind)).not.toContain('WAITLIST_PROMOTED')

      // Nothing of theirs is left here: they can be removed.
      const removed = await admin.delete(`/api/organisation/members/${changed.id}`)
      expect([removed.status, removed.body]).toEqual([200, { userId: changed.id }])
    },
  )

  it('a refused change (an active booking as customer) leaves their places as they were', async () => {
    const { org, admin, as } = await organisation('Refused role change')
    const member = await org.seed.createCustomer('booked')
    const memberApi = await as(member)
    const full = await fullSlot(org, as, 10)
    await join(memberApi, full.slot.id)
    const other = await org.seed.createSlot({ maxBookings: 2, hoursFromNow: 30 })
    expect((await memberApi.post('/api/bookings', { id: randomUUID(), slotId: other.id })).status).toBe(201)

    const change = await admin.patch(`/api/organisation/members/${member.id}`, { role: 'provider' })
    expect([change.status, change.body.code]).toEqual([409, 'MEMBER_HAS_UPCOMING_WORK'])
    expect(await entryStatuses(org.id, member.id)).toEqual(['WAITING'])
    // Still a customer: the freed seat is theirs.
    await cancel(full.holder, full.bookingId)
    expect(await entryStatuses(org.id, member.id)).toEqual(['PROMOTED'])
  })
})

describe('promoting a waiter', () => {
  it('skips a WAITING entry whose waiter is no customer member of the organisation: it ends LEFT, the next customer gets the seat', async () => {
    const { org, as } = await organisation('Promotion guard')
    const full = await fullSlot(org, as, 10)
    const former = await org.seed.createCustomer('former')
    await server.db.query('DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2', [
      org.id,
      former.id,
    ])
    // In the queue's order: a provider here, an admin here, a former member, a customer of another
    // organisation only, then a customer here. Written directly: no command lets them in any more.
    const notCustomers = [org.seed.providerA, org.seed.providerB, former, server.seed.customerA]
    const customer = await org.seed.createCustomer('customer')
    for (const [i, waiter] of [...notCustomers, customer].entries()) {
      await server.db.query(
        `INSERT INTO waitlist (id, slot_id, provider_id, customer_id, start_time, status, organisation_id, joined_at)
         VALUES ($1, $2, $3, $4, $5, 'WAITING', $6, now() - make_interval(mins => 10 - $7::int))`,
        [randomUUID(), full.slot.id, full.slot.providerId, waiter.id, full.slot.startTime, org.id, i],
      )
    }

    await cancel(full.holder, full.bookingId)
    for (const waiter of notCustomers) {
      expect(await entryStatuses(org.id, waiter.id)).toEqual(['LEFT'])
      expect(await bookingsOf(org.id, waiter.id)).toEqual([])
    }
    expect(await entryStatuses(org.id, customer.id)).toEqual(['PROMOTED'])
    expect(await activeBookingsOf(org.id, customer.id)).toBe(1)
    expect(await seatsTaken(full.slot.id)).toBe(1)
  })
})

/**
 * The role change at the moment a cancellation frees the seat the member waits for: either the
 * promotion came first (the member holds the seat, and the change is refused MEMBER_HAS_UPCOMING_WORK),
 * or the change did (their place is LEFT and the seat went to the customer behind them). Never both,
 * never a deadlock. Only meaningful on real PostgreSQL (PGlite runs one transaction at a time).
 */
describe.runIf(onRealPostgres)('a role change racing a promotion', () => {
  const ROUNDS = 8

  it(`either refuses the change or gives the seat to the next customer: ${ROUNDS} rounds`, async () => {
    const { org, admin, as } = await organisation('Role change race')
    for (let i = 0; i < ROUNDS; i++) {
      const member = await org.seed.createCustomer('racing')
      const next = await org.seed.createCustomer('next')
      const full = await fullSlot(org, as, 10 + 5 * i)
      await join(await as(member), full.slot.id)
      await join(await as(next), full.slot.id)

      const [change, cancelled] = await Promise.all([
        admin.patch(`/api/organisation/members/${member.id}`, { role: 'provider' }),
        full.holder.patch(`/api/bookings/${full.bookingId}`, { status: 'CANCELLED' }),
      ])
      expect(cancelled.status).toBe(200)
      if (change.status === 200) {
        expect(await entryStatuses(org.id, member.id)).toEqual(['LEFT'])
        expect(await bookingsOf(org.id, member.id)).toEqual([])
        expect(await activeBookingsOf(org.id, next.id)).toBe(1)
      } else {
        expect([change.status, change.body.code]).toEqual([409, 'MEMBER_HAS_UPCOMING_WORK'])
        expect(await activeBookingsOf(org.id, member.id)).toBe(1)
        expect(await entryStatuses(org.id, next.id)).toEqual(['WAITING'])
      }
      expect(await seatsTaken(full.slot.id)).toBe(1)
    }
  }, 120_000)
})
