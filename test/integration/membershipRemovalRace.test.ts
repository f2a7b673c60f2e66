/**
 * A member is not removed (nor moved between customer and provider) while they have upcoming work
 * (README "Managing invitations and members"), also when the work is being written at that very
 * moment: the removal locks the membership before it counts, and every write that relies on being a
 * member holds it meanwhile (server/domain/heldMembership.ts). Each round races an admin's removal
 * (or role change) against the member's own writes, then checks what was left: either the change was
 * refused with MEMBER_HAS_UPCOMING_WORK, or the member holds no active booking, no upcoming slot and
 * no enabled webhook endpoint there. Before the fix a removal answered 200 while a booking, slot or
 * endpoint written at the same moment stayed. Only meaningful on real PostgreSQL (PGlite runs one
 * transaction at a time); CI always sets DATABASE_URL, so these run there.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import {
  type ApiClient,
  type ApiResponse,
  type TestServer,
  type TestUser,
  startTestServer,
} from '../helpers/testServer.js'

/** Rounds per race: each is one removal at the moment of the member's writes. */
const ROUNDS = 10

describe.runIf(onRealPostgres)('removing a member while they write', () => {
  let server: TestServer
  let org: TestOrganisation
  let admin: ApiClient
  let round = 0

  beforeAll(async () => {
    server = await startTestServer()
    org = await addOrganisation(server.db, 'Removal races')
    await addMembership(server.db, org.id, org.seed.providerB.id, 'admin')
    admin = server.api(await server.signIn(org.seed.providerB.email), org.id)
  })
  afterAll(async () => {
    await server?.close()
  })

  const as = async (user: TestUser) => server.api(await server.signIn(user.email), org.id)

  /** A new member with no work here yet; a provider gets a service of their own. */
  async function newMember(role: 'customer' | 'provider') {
    const user = await org.seed.createCustomer(`race-${role}`)
    if (role === 'provider') await addMembership(server.db, org.id, user.id, 'provider')
    const service = role === 'provider' ? await org.seed.createService(`Race ${++round}`, user) : null
    return { user, service, api: await as(user) }
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)
    return rows[0]?.n ?? -1
  }

  const isMember = (userId: string) =>
    count('memberships WHERE organisation_id = $1 AND user_id = $2', [org.id, userId])

  const activeBookings = (userId: string) =>
    count(
      `bookings b JOIN slots s ON s.id = b.slot_id
       WHERE b.organisation_id = $1 AND b.customer_id = $2 AND b.status IN ('PENDING', 'CONFIRMED')
         AND NOT b.deleted AND s.end_time > now()`,
      [org.id, userId],
    )

  const upcomingSlots = (userId: string) =>
    count('slots WHERE organisation_id = $1 AND provider_id = $2 AND NOT deleted AND end_time > now()', [
      org.id,
      userId,
    ])

  const waitingPlaces = (userId: string) =>
    count("waitlist WHERE organisation_id = $1 AND customer_id = $2 AND status = 'WAITING'", [org.id, userId])

  const enabledEndpoints = (userId: string) =>
    count('webhook_endpoints WHERE organisation_id = $1 AND provider_id = $2 AND enabled', [org.id, userId])

  /**
   * The change's answer: 200, or 409 MEMBER_HAS_UPCOMING_WORK (the work it saw); never anything else.
   * Every write's answer: written (201/200), or refused as a non-member's (403); never a 5xx.
   */
  function expectAnswers(change: ApiResponse, writes: ApiResponse[]): boolean {
    if (change.status !== 200) {
      expect(change.status).toBe(409)
      expect(change.body.code).toBe('MEMBER_HAS_UPCOMING_WORK')
    }
    for (const write of writes) expect([200, 201, 403]).toContain(write.status)
    return change.status === 200
  }

  /** The rounds in which the change went through (it may be refused in all: then the writes won). */
  const violations: Record<string, number> = {}
  const broken = (race: string, ok: boolean) => {
    if (!ok) violations[race] = (violations[race] ?? 0) + 1
  }

  it(`a customer's REST booking, push and series at the moment of their removal: ${ROUNDS} rounds`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { user, api } = await newMember('customer')
      const slots = await Promise.all([1, 2, 3].map((n) => org.seed.createSlot({ hoursFromNow: 40 * i + n })))
      const [rest, push, series] = slots as [(typeof slots)[0], (typeof slots)[0], (typeof slots)[0]]
      const [removal, ...writes] = await Promise.all([
        admin.delete(`/api/organisation/members/${user.id}`),
        api.post('/api/bookings', { id: randomUUID(), slotId: rest.id }),
        api.post('/api/replication/bookings/push', [{ newDocumentState: newBookingDoc(push, user.id) }]),
        api.post('/api/bookings/series', {
          id: randomUUID(),
          firstSlotId: series.id,
          weeks: 1,
          mode: 'BOOK_WHAT_IS_FREE',
        }),
      ])
      if (expectAnswers(removal, writes)) {
        expect(await isMember(user.id)).toBe(0)
        broken('booking', (await activeBookings(user.id)) === 0)
      } else expect(await activeBookings(user.id)).toBeGreaterThan(0)
    }
    expect(violations.booking ?? 0).toBe(0)
  }, 120_000)

  it(`a customer's booking at the moment they are made a provider: ${ROUNDS} rounds`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { user, api } = await newMember('customer')
      const slot = await org.seed.createSlot({ hoursFromNow: 40 * i + 500 })
      const [change, booking] = await Promise.all([
        admin.patch(`/api/organisation/members/${user.id}`, { role: 'provider' }),
        api.post('/api/bookings', { id: randomUUID(), slotId: slot.id }),
      ])
      if (expectAnswers(change, [booking])) broken('role change', (await activeBookings(user.id)) === 0)
      else expect(await activeBookings(user.id)).toBeGreaterThan(0)
    }
    expect(violations['role change'] ?? 0).toBe(0)
  }, 120_000)

  it(`a provider's slot and weekly pattern at the moment of their removal: ${ROUNDS} rounds`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { user, service, api } = await newMember('provider')
      const start = new Date(Date.now() + (30 + i) * 86_400_000)
      start.setUTCHours(10, 0, 0, 0)
      const day = new Date(start.getTime() + 86_400_000).toISOString().slice(0, 10)
      const [removal, ...writes] = await Promise.all([
        admin.delete(`/api/organisation/members/${user.id}`),
        api.post('/api/slots', {
          serviceId: service?.id,
          startTime: start.toISOString(),
          endTime: new Date(start.getTime() + 3_600_000).toISOString(),
          maxBookings: 2,
        }),
        api.post('/api/slots/recurring', {
          serviceId: service?.id,
          fromDate: day,
          toDate: day,
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          startTimes: ['09:00'],
          durationMinutes: 60,
          maxBookings: 2,
        }),
      ])
      if (expectAnswers(removal, writes)) broken('slots', (await upcomingSlots(user.id)) === 0)
      else expect(await upcomingSlots(user.id)).toBeGreaterThan(0)
    }
    expect(violations.slots ?? 0).toBe(0)
  }, 120_000)

  it(`a provider's webhook endpoints at the moment of their removal: ${ROUNDS} rounds`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { user, api } = await newMember('provider')
      const [removal, ...writes] = await Promise.all([
        admin.delete(`/api/organisation/members/${user.id}`),
        ...[1, 2].map((n) =>
          api.post('/api/webhooks', {
            url: `http://127.0.0.1:9/race-${i}-${n}`,
            events: ['booking.created'],
          }),
        ),
      ])
      // No upcoming work: the removal always goes through, and disables every endpoint it let in.
      expect(removal.status).toBe(200)
      expectAnswers(removal, writes)
      broken('webhooks', (await enabledEndpoints(user.id)) === 0)
    }
    expect(violations.webhooks ?? 0).toBe(0)
  }, 120_000)

  it(`a customer's waitlist join at the moment of their removal: ${ROUNDS} rounds`, async () => {
    const holder = await as(org.seed.customerA)
    for (let i = 0; i < ROUNDS; i++) {
      const { user, api } = await newMember('customer')
      const full = await org.seed.createSlot({ hoursFromNow: 40 * i + 900, maxBookings: 1 })
      expect((await holder.post('/api/bookings', { id: randomUUID(), slotId: full.id })).status).toBe(201)
      const [removal, join] = await Promise.all([
        admin.delete(`/api/organisation/members/${user.id}`),
        api.post(`/api/slots/${full.id}/waitlist`, { id: randomUUID() }),
      ])
      // A waiting place is no upcoming work: the removal goes through and leaves every place it sees.
      expect(removal.status).toBe(200)
      expectAnswers(removal, [join])
      broken('waitlist', (await waitingPlaces(user.id)) === 0)
    }
    expect(violations.waitlist ?? 0).toBe(0)
  }, 120_000)

  it(`a provider turning an endpoint on again at the moment of their removal: ${ROUNDS} rounds`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { user, api } = await newMember('provider')
      const made = await api.post('/api/webhooks', {
        url: `http://127.0.0.1:9/again-${i}`,
        events: ['booking.created'],
      })
      expect(made.status).toBe(201)
      expect((await api.patch(`/api/webhooks/${made.body.id}`, { enabled: false })).status).toBe(200)
      const [removal, enable] = await Promise.all([
        admin.delete(`/api/organisation/members/${user.id}`),
        api.patch(`/api/webhooks/${made.body.id}`, { enabled: true }),
      ])
      expect(removal.status).toBe(200)
      expectAnswers(removal, [enable])
      broken('re-enabled', (await enabledEndpoints(user.id)) === 0)
    }
    expect(violations['re-enabled'] ?? 0).toBe(0)
  }, 120_000)
})
