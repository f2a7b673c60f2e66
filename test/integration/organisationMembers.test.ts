/**
 * Admins manage what they created (server/domain/invitationManagement.ts, memberManagement.ts; the
 * rules in shared/policy.ts): the open invitations (listed without their token; revoked, after which
 * the link is refused like a used one), members' roles and removals. An organisation always keeps an
 * admin (409 LAST_ADMIN); a member with upcoming slots or bookings is not removed (409
 * MEMBER_HAS_UPCOMING_WORK); a removed member or changed role takes effect at once, also for a
 * booking through another server process whose session cache holds the member; every change is in
 * the organisation's audit trail, never a token.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { secondProcess } from '../helpers/secondProcess.js'
import { type ApiClient, type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'

let server: TestServer
/** A second server process on the same database, with its own session cache. */
let other: FastifyInstance

beforeAll(async () => {
  // Open streams are checked often here, so a test waits a moment rather than the default 2 s.
  server = await startTestServer({ STREAM_ACCESS_CHECK_MS: 100 })
  other = await secondProcess(server.db)
})
afterAll(async () => {
  await other?.close()
  await server?.close()
})

interface AuditEntry {
  actorId: string | null
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
}

/** A fresh organisation whose customerC is its one admin (customers hold no slots). */
async function organisationWithAdmin(name: string): Promise<{
  org: TestOrganisation
  adminUser: TestUser
  admin: ApiClient
  as(user: TestUser): Promise<ApiClient>
}> {
  const org = await addOrganisation(server.db, name)
  const adminUser = org.seed.customerC
  await addMembership(server.db, org.id, adminUser.id, 'admin')
  const as = async (user: TestUser) => server.api(await server.signIn(user.email), org.id)
  return { org, adminUser, admin: await as(adminUser), as }
}

async function trail(admin: ApiClient): Promise<AuditEntry[]> {
  const res = await admin.get('/api/organisation/audit')
  expect(res.status).toBe(200)
  return res.body
}

async function roleOf(organisationId: string, userId: string): Promise<string | null> {
  const { rows } = await server.db.query<{ role: string }>(
    'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2',
    [organisationId, userId],
  )
  return rows[0]?.role ?? null
}

describe('open invitations', () => {
  it('are listed with who made them, role and expiry, never their token; a revoked link is refused like a used one', async () => {
    const { org, adminUser, admin } = await organisationWithAdmin('Invitations')
    const first = await admin.post('/api/organisation/invitations', { role: 'provider' })
    const second = await admin.post('/api/organisation/invitations', { role: 'customer', validDays: 3 })
    expect([first.status, second.status]).toEqual([201, 201])

    const listed = await admin.get('/api/organisation/invitations')
    expect(listed.status).toBe(200)
    expect(listed.body).toHaveLength(2)
    expect(listed.body[0]).toEqual({
      id: second.body.id,
      role: 'customer',
      createdBy: { userId: adminUser.id, name: adminUser.name },
      createdAt: expect.any(String),
      expiresAt: second.body.expiresAt,
    })
    expect(listed.body[1]).toMatchObject({ role: 'provider', expiresAt: first.body.expiresAt })
    const listedText = JSON.stringify(listed.body)
    for (const issued of [first, second]) expect(listedText).not.toContain(issued.body.token)

    const revoked = await admin.delete(`/api/organisation/invitations/${listed.body[1].id}`)
    expect([revoked.status, revoked.body]).toEqual([200, { id: listed.body[1].id }])
    expect((await admin.get('/api/organisation/invitations')).body.map((i: { id: string }) => i.id)).toEqual([
      listed.body[0].id,
    ])

    // The link is dead everywhere: preview, sign-up, redeem by someone signed in.
    const token = first.body.token
    const preview = await server.api().post('/api/invitations/preview', { token })
    expect([preview.status, preview.body.code]).toEqual([410, 'INVITATION_REVOKED'])
    const signUp = await server.api().post('/api/invitations/accept', {
      token,
      name: 'Late',
      email: `late-${org.slug}@test.example`,
      password: 'a long enough password',
    })
    expect([signUp.status, signUp.body.code]).toEqual([410, 'INVITATION_REVOKED'])
    const outsider = server.api(await server.signIn(server.seed.customerA.email))
    const redeem = await outsider.post('/api/invitations/redeem', { token })
    expect([redeem.status, redeem.body.code]).toEqual([410, 'INVITATION_REVOKED'])
    expect(await roleOf(org.id, server.seed.customerA.id)).toBeNull()

    // The trail says who revoked which (role, expiry), and holds no token anywhere.
    const entries = await trail(admin)
    expect(entries.find((e) => e.action === 'invitation.revoked')).toMatchObject({
      actorId: adminUser.id,
      entityType: 'invitation',
      entityId: listed.body[1].id,
      before: { role: 'provider', expiresAt: first.body.expiresAt },
    })
    const trailText = JSON.stringify(entries)
    for (const issued of [first, second]) expect(trailText).not.toContain(issued.body.token)
  })

  it('refuses in typed 4xx: revoked or used already (410), unknown (404), malformed id (400), not an admin (403)', async () => {
    const { org, admin, as } = await organisationWithAdmin('Invitation refusals')
    const issued = await admin.post('/api/organisation/invitations', { role: 'customer' })
    const [open] = (await admin.get('/api/organisation/invitations')).body
    const nonAdmin = await as(org.seed.customerA)
    const forbidden = await nonAdmin.delete(`/api/organisation/invitations/${open.id}`)
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN'])
    expect((await nonAdmin.get('/api/organisation/invitations')).status).toBe(403)

    expect((await admin.delete(`/api/organisation/invitations/${open.id}`)).status).toBe(200)
    const again = await admin.delete(`/api/organisation/invitations/${open.id}`)
    expect([again.status, again.body.code]).toEqual([410, 'INVITATION_REVOKED'])
    const unknown = await admin.delete(`/api/organisation/invitations/${randomUUID()}`)
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND'])
    const malformed = await admin.delete('/api/organisation/invitations/not-an-id')
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(malformed.body).toMatchObject({ message: expect.any(String), details: expect.anything() })

    // Used: joined through, then not revocable; another organisation's admin does not find it.
    const used = await admin.post('/api/organisation/invitations', { role: 'customer' })
    const [usedOpen] = (await admin.get('/api/organisation/invitations')).body
    const joiner = server.api(await server.signIn(server.seed.customerB.email))
    expect((await joiner.post('/api/invitations/redeem', { token: used.body.token })).status).toBe(201)
    const late = await admin.delete(`/api/organisation/invitations/${usedOpen.id}`)
    expect([late.status, late.body.code]).toEqual([410, 'INVITATION_USED'])
    const elsewhere = await organisationWithAdmin('Elsewhere')
    const foreign = await elsewhere.admin.delete(`/api/organisation/invitations/${usedOpen.id}`)
    expect(foreign.status).toBe(404)
    expect(issued.status).toBe(201)
  })
})

describe("members' roles", () => {
  it('an organisation always keeps an admin: the last one can neither be demoted nor removed, themself included', async () => {
    const { org, adminUser, admin, as } = await organisationWithAdmin('Last admin')
    const demote = await admin.patch(`/api/organisation/members/${adminUser.id}`, { role: 'provider' })
    expect([demote.status, demote.body.code]).toEqual([409, 'LAST_ADMIN'])
    expect(demote.body.message).toMatch(/only admin/)
    const leave = await admin.delete(`/api/organisation/members/${adminUser.id}`)
    expect([leave.status, leave.body.code]).toEqual([409, 'LAST_ADMIN'])
    expect(await roleOf(org.id, adminUser.id)).toBe('admin')

    // Another admin first: then the first may step down, and the new one is the last.
    const promoted = await admin.patch(`/api/organisation/members/${org.seed.providerB.id}`, {
      role: 'admin',
    })
    expect([promoted.status, promoted.body]).toEqual([
      200,
      expect.objectContaining({ userId: org.seed.providerB.id, role: 'admin' }),
    ])
    const stepDown = await admin.patch(`/api/organisation/members/${adminUser.id}`, { role: 'customer' })
    expect(stepDown.status).toBe(200)
    // At once: the former admin's very next request is refused.
    expect((await admin.get('/api/organisation/members')).status).toBe(403)
    const newAdmin = await as(org.seed.providerB)
    const last = await newAdmin.patch(`/api/organisation/members/${org.seed.providerB.id}`, {
      role: 'provider',
    })
    expect([last.status, last.body.code]).toEqual([409, 'LAST_ADMIN'])

    const entries = await trail(newAdmin)
    const changes = entries.filter((e) => e.action === 'member.role_changed')
    expect(changes).toEqual([
      expect.objectContaining({
        actorId: adminUser.id,
        entityType: 'member',
        entityId: adminUser.id,
        before: expect.objectContaining({ role: 'admin' }),
        after: expect.objectContaining({ role: 'customer' }),
      }),
      expect.objectContaining({
        actorId: adminUser.id,
        entityId: org.seed.providerB.id,
        before: expect.objectContaining({ role: 'provider' }),
        after: expect.objectContaining({ role: 'admin' }),
      }),
    ])
  })

  it('two admins demoting each other at once: exactly one succeeds', async () => {
    const { org, adminUser, admin, as } = await organisationWithAdmin('Race')
    await addMembership(server.db, org.id, org.seed.customerB.id, 'admin')
    const otherAdmin = await as(org.seed.customerB)
    const answers = await Promise.all([
      admin.patch(`/api/organisation/members/${org.seed.customerB.id}`, { role: 'customer' }),
      otherAdmin.patch(`/api/organisation/members/${adminUser.id}`, { role: 'customer' }),
    ])
    // The loser is refused LAST_ADMIN (decided under the organisation's lock), or FORBIDDEN when its
    // request arrived after the winner's change had made it no admin.
    const [won, lost] = [...answers].sort((x, y) => x.status - y.status)
    expect(won?.status).toBe(200)
    expect([403, 409]).toContain(lost?.status)
    const { rows } = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM memberships WHERE organisation_id = $1 AND role = 'admin'",
      [org.id],
    )
    expect(rows[0]?.n).toBe(1)
  })

  it('refuses in typed 4xx: unknown member (404), malformed id or role (400), not an admin (403)', async () => {
    const { org, admin, as } = await organisationWithAdmin('Role refusals')
    const unknown = await admin.patch(`/api/organisation/members/${randomUUID()}`, { role: 'provider' })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND'])
    // A member of another organisation is no member here.
    const foreign = await admin.delete(`/api/organisation/members/${server.seed.customerA.id}`)
    expect(foreign.status).toBe(404)
    const malformed = await admin.patch('/api/organisation/members/42', { role: 'provider' })
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    const badRole = await admin.patch(`/api/organisation/members/${org.seed.customerA.id}`, { role: 'owner' })
    expect([badRole.status, badRole.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    const nonAdmin = await as(org.seed.customerA)
    const forbidden = await nonAdmin.patch(`/api/organisation/members/${org.seed.customerA.id}`, {
      role: 'admin',
    })
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN'])
    expect(await roleOf(org.id, org.seed.customerA.id)).toBe('customer')
  })
})

describe('removing a member', () => {
  it("reads a member's upcoming work before the removal is asked (admins only); the refusal's words fit the role", async () => {
    const { org, admin, as } = await organisationWithAdmin('Upcoming work read first')
    const customer = await as(org.seed.customerA)
    expect((await customer.post('/api/bookings', { slotId: org.seed.slots.five.id })).status).toBe(201)
    const work = (userId: string, client: ApiClient = admin) =>
      client.get(`/api/organisation/members/${userId}/upcoming-work`)

    const provider = await work(org.seed.providerA.id)
    expect([provider.status, provider.body]).toEqual([200, { upcomingSlots: 3, upcomingBookings: 1 }])
    expect((await work(org.seed.customerA.id)).body).toEqual({ upcomingSlots: 0, upcomingBookings: 1 })
    expect((await work(org.seed.customerB.id)).body).toEqual({ upcomingSlots: 0, upcomingBookings: 0 })
    expect((await work(org.seed.customerA.id, customer)).status).toBe(403)
    expect((await work(randomUUID())).status).toBe(404)

    // A customer's refusal speaks of their bookings only, and says who can cancel them.
    const booker = await admin.delete(`/api/organisation/members/${org.seed.customerA.id}`)
    expect(booker.body.message).toBe(
      'customer-a still has 1 upcoming booking here: it must be cancelled first. ' +
        'Ask customer-a to cancel it under My bookings, or its provider to cancel it under My slots.',
    )
    const removed = await admin.delete(`/api/organisation/members/${org.seed.providerA.id}`)
    expect(removed.body.message).toMatch(
      /so that no customer is left with a booking nobody serves\. Ask provider-a/,
    )
  })

  it('is refused while they have upcoming slots or bookings (409, counted), and nothing changes', async () => {
    const { org, admin } = await organisationWithAdmin('Upcoming work')
    // providerA has the fixture slots (three upcoming); customerA books one of them.
    const customer = server.api(await server.signIn(org.seed.customerA.email), org.id)
    expect((await customer.post('/api/bookings', { slotId: org.seed.slots.five.id })).status).toBe(201)

    const provider = await admin.delete(`/api/organisation/members/${org.seed.providerA.id}`)
    expect([provider.status, provider.body.code]).toEqual([409, 'MEMBER_HAS_UPCOMING_WORK'])
    expect(provider.body.details).toMatchObject({ upcomingSlots: 3, upcomingBookings: 1 })
    expect(provider.body.message).toMatch(/3 upcoming slots and 1 active booking/)
    const booker = await admin.delete(`/api/organisation/members/${org.seed.customerA.id}`)
    expect([booker.status, booker.body.details]).toEqual([
      409,
      expect.objectContaining({ upcomingSlots: 0, upcomingBookings: 1 }),
    ])
    // Moving a provider to the customer's side would strand the same slots.
    const toCustomer = await admin.patch(`/api/organisation/members/${org.seed.providerA.id}`, {
      role: 'customer',
    })
    expect([toCustomer.status, toCustomer.body.code]).toEqual([409, 'MEMBER_HAS_UPCOMING_WORK'])
    // Provider to admin keeps them on the provider's side: allowed.
    const toAdmin = await admin.patch(`/api/organisation/members/${org.seed.providerA.id}`, { role: 'admin' })
    expect(toAdmin.status).toBe(200)
    expect(await roleOf(org.id, org.seed.customerA.id)).toBe('customer')
    expect((await trail(admin)).filter((e) => e.action === 'member.removed')).toEqual([])
  })

  it('ends their access at once, leaves their waitlist places, keeps their past, and is in the trail', async () => {
    const { org, adminUser, admin } = await organisationWithAdmin('Removal')
    const leaving = org.seed.customerB
    const leavingApi = server.api(await server.signIn(leaving.email), org.id)
    expect((await leavingApi.get('/api/slots')).status).toBe(200)
    // customerA takes the single seat; the leaving customer waits for it.
    const holder = server.api(await server.signIn(org.seed.customerA.email), org.id)
    const held = await holder.post('/api/bookings', { slotId: org.seed.slots.single.id })
    expect(held.status).toBe(201)
    const waiting = await leavingApi.post(`/api/slots/${org.seed.slots.single.id}/waitlist`, {})
    expect(waiting.status).toBe(201)

    const removed = await admin.delete(`/api/organisation/members/${leaving.id}`)
    expect([removed.status, removed.body]).toEqual([200, { userId: leaving.id }])
    expect(await roleOf(org.id, leaving.id)).toBeNull()
    const refused = await leavingApi.get('/api/slots')
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN'])
    expect((await leavingApi.get('/api/replication/bookings/pull?batchSize=10')).status).toBe(403)
    // They belonged to this organisation only: without a header their requests find no membership either.
    const elsewhere = await server.api(await server.signIn(leaving.email)).get('/api/slots')
    expect(elsewhere.status).toBe(403)
    expect(
      (await admin.get('/api/organisation/members')).body.map((m: { userId: string }) => m.userId),
    ).not.toContain(leaving.id)

    // The freed seat does not go to the removed member: their place was left.
    expect((await holder.patch(`/api/bookings/${held.body.id}`, { status: 'CANCELLED' })).status).toBe(200)
    const { rows } = await server.db.query<{ status: string }>(
      'SELECT status FROM waitlist WHERE customer_id = $1',
      [leaving.id],
    )
    expect(rows).toEqual([{ status: 'LEFT' }])

    expect((await trail(admin)).find((e) => e.action === 'member.removed')).toMatchObject({
      actorId: adminUser.id,
      entityType: 'member',
      entityId: leaving.id,
      before: { role: 'customer', name: leaving.name },
      after: { waitlistPlacesLeft: 1 },
    })
  })

  it("disables a removed provider's webhook endpoints here (and a provider's made a customer), saying why", async () => {
    // Before, a former member's URL went on receiving the organisation's booking events.
    const { org, adminUser, admin } = await organisationWithAdmin('Former webhooks')
    const endpointOf = async (providerId: string, enabled = true): Promise<string> => {
      const id = randomUUID()
      await server.db.query(
        `INSERT INTO webhook_endpoints (id, provider_id, organisation_id, url, events, secret, enabled)
         VALUES ($1, $2, $3, $4, '{booking.created}', $5, $6)`,
        [
          id,
          providerId,
          org.id,
          `https://hooks.example/${id}`,
          `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
          enabled,
        ],
      )
      return id
    }
    const state = async (id: string) => {
      const { rows } = await server.db.query<{
        enabled: boolean
        disabled_reason: string | null
        disabled_by: string
      }>('SELECT enabled, disabled_reason, disabled_by FROM webhook_endpoints WHERE id = $1', [id])
      return rows[0]
    }
    // A provider here with no upcoming work (the fixture providers have slots): customerB, made one.
    const leaving = org.seed.customerB
    expect((await admin.patch(`/api/organisation/members/${leaving.id}`, { role: 'provider' })).status).toBe(
      200,
    )
    const [first, second, alreadyOff] = [
      await endpointOf(leaving.id),
      await endpointOf(leaving.id),
      await endpointOf(leaving.id, false),
    ]
    const staying = await endpointOf(org.seed.providerA.id)
    expect((await admin.delete(`/api/organisation/members/${leaving.id}`)).status).toBe(200)
    for (const id of [first, second]) {
      expect(await state(id)).toEqual({
        enabled: false,
        disabled_reason: `disabled when ${leaving.name} was removed from the organisation`,
        disabled_by: adminUser.id,
      })
    }
    expect((await state(alreadyOff))?.disabled_reason).toBeNull()
    expect((await state(staying))?.enabled).toBe(true)
    const disabled = (await trail(admin)).filter(
      (e) => e.action === 'webhook_endpoint.updated' && [first, second].includes(e.entityId),
    )
    expect(
      disabled.map((e) => [
        e.actorId,
        (e.before as { enabled: boolean }).enabled,
        (e.after as { enabled: boolean }).enabled,
      ]),
    ).toEqual([
      [adminUser.id, true, false],
      [adminUser.id, true, false],
    ])

    // A provider made a customer manages no webhooks here any more either.
    const other = await organisationWithAdmin('Former webhooks, customer')
    const moved = other.org.seed.customerB
    expect(
      (await other.admin.patch(`/api/organisation/members/${moved.id}`, { role: 'provider' })).status,
    ).toBe(200)
    const movedEndpoint = randomUUID()
    await server.db.query(
      `INSERT INTO webhook_endpoints (id, provider_id, organisation_id, url, events, secret, enabled)
       VALUES ($1, $2, $3, 'https://hooks.example/moved', '{booking.created}', $4, true)`,
      [movedEndpoint, moved.id, other.org.id, `whsec_${Buffer.alloc(24, 2).toString('base64')}`],
    )
    expect(
      (await other.admin.patch(`/api/organisation/members/${moved.id}`, { role: 'customer' })).status,
    ).toBe(200)
    expect(await state(movedEndpoint)).toMatchObject({
      enabled: false,
      disabled_reason: `disabled when ${moved.name} became a customer here`,
    })
  })

  it('an admin removes themself only while another admin remains', async () => {
    const { org, adminUser, admin } = await organisationWithAdmin('Leaving admin')
    expect((await admin.delete(`/api/organisation/members/${adminUser.id}`)).status).toBe(409)
    await addMembership(server.db, org.id, org.seed.customerB.id, 'admin')
    expect((await admin.delete(`/api/organisation/members/${adminUser.id}`)).status).toBe(200)
    expect(await roleOf(org.id, adminUser.id)).toBeNull()
    expect((await admin.get('/api/organisation/members')).status).toBe(403)
  })
})

it('documents the routes and their refusals in the OpenAPI document', async () => {
  const { paths } = (await server.api().get('/docs/json')).body
  expect(Object.keys(paths['/api/organisation/invitations'].get.responses)).toContain('403')
  expect(Object.keys(paths['/api/organisation/invitations/{id}'].delete.responses)).toEqual(
    expect.arrayContaining(['200', '400', '403', '404', '410']),
  )
  for (const method of ['patch', 'delete']) {
    const responses = paths['/api/organisation/members/{userId}'][method].responses
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409']))
    expect(responses['409'].description).toMatch(/LAST_ADMIN.*MEMBER_HAS_UPCOMING_WORK/)
  }
})

describe("a removed member's open replication stream", () => {
  /** A stream of the replication events; `ended` resolves when the server ends it. */
  async function openStream(token: string) {
    const controller = new AbortController()
    const response = await fetch(`${server.url}/api/replication/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    })
    expect(response.status).toBe(200)
    const reader = response.body?.getReader()
    const ended = (async () => {
      for (;;) {
        const read = await reader?.read().catch(() => undefined)
        if (!read || read.done) return 'ended'
      }
    })()
    return { ended, close: () => controller.abort() }
  }
  const stillOpenAfter = (ms: number) =>
    new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms))

  it('is ended by the server (also when another process removed them); a member who stays keeps theirs', async () => {
    const { org } = await organisationWithAdmin('Streams')
    const leaving = await openStream(await server.signIn(org.seed.customerA.email))
    const staying = await openStream(await server.signIn(org.seed.customerB.email))
    try {
      // Removed through the other process: this one learns it from the database.
      const token = await server.signIn(org.seed.customerC.email)
      const removed = await other.inject({
        method: 'DELETE',
        url: `/api/organisation/members/${org.seed.customerA.id}`,
        headers: { authorization: `Bearer ${token}`, 'x-organisation-id': org.id },
      })
      expect(removed.statusCode).toBe(200)
      expect(await Promise.race([leaving.ended, stillOpenAfter(5000)])).toBe('ended')
      expect(await Promise.race([staying.ended, stillOpenAfter(500)])).toBe('open')
    } finally {
      leaving.close()
      staying.close()
    }
  })
})

describe("another process's session cache", () => {
  function bookThroughOther(token: string, organisationId: string, slotId: string) {
    return other.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { authorization: `Bearer ${token}`, 'x-organisation-id': organisationId },
      payload: { id: randomUUID(), slotId, notes: '' },
    })
  }

  async function cachedCustomer(org: TestOrganisation, customer: TestUser) {
    const token = await server.signIn(customer.email)
    // A first booking caches the actor in `other`; cancelled, so the customer has no upcoming work.
    const first = await bookThroughOther(token, org.id, org.seed.slots.pair.id)
    expect(first.statusCode).toBe(201)
    const cancel = await server.api(token, org.id).patch(`/api/bookings/${first.json().id}`, {
      status: 'CANCELLED',
    })
    expect(cancel.status).toBe(200)
    return token
  }

  async function bookingsOf(customerId: string): Promise<number> {
    const { rows } = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bookings WHERE customer_id = $1',
      [customerId],
    )
    return rows[0]?.n ?? 0
  }

  it('does not let a removed member book: refused 403 at once, nothing written', async () => {
    const { org, admin } = await organisationWithAdmin('Cached removal')
    const customer = org.seed.customerA
    const token = await cachedCustomer(org, customer)
    expect((await admin.delete(`/api/organisation/members/${customer.id}`)).status).toBe(200)

    const before = await bookingsOf(customer.id)
    const after = await bookThroughOther(token, org.id, org.seed.slots.five.id)
    expect([after.statusCode, after.json().code]).toEqual([403, 'FORBIDDEN'])
    // The refusal a device acts on ("no longer a member here"), as authentication gives it.
    expect(after.json().details).toEqual({ reason: 'NOT_A_MEMBER', organisationId: org.id })
    expect(await bookingsOf(customer.id)).toBe(before)
    // And stays refused once the entry is dropped (the lookup finds no membership).
    expect((await bookThroughOther(token, org.id, org.seed.slots.five.id)).statusCode).toBe(403)
    expect(await bookingsOf(customer.id)).toBe(before)
  })

  it('does not serve a changed role: a customer made a provider books nothing more', async () => {
    const { org, admin } = await organisationWithAdmin('Cached role')
    const customer = org.seed.customerB
    const token = await cachedCustomer(org, customer)
    expect((await admin.patch(`/api/organisation/members/${customer.id}`, { role: 'provider' })).status).toBe(
      200,
    )

    const before = await bookingsOf(customer.id)
    const after = await bookThroughOther(token, org.id, org.seed.slots.five.id)
    expect(after.statusCode).toBe(403)
    // Still a member: not the "no longer a member" refusal, which would move the device on.
    expect(after.json()).toEqual({
      code: 'FORBIDDEN',
      message: 'Your role in this organisation no longer lets you book.',
      details: {},
    })
    expect(await bookingsOf(customer.id)).toBe(before)
  })
})
