/**
 * Organisations through the real server (issue 9): a user of one organisation cannot reach another's
 * slots and bookings over REST or replication (pull, push, stream wake-ups); the organisation a
 * request works in comes from X-Organisation-Id or the first membership; admins invite people with a
 * single-use link, list members, read the organisation's audit trail and create organisations.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../server/auth/accounts.js'
import { addMembership } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { announces, newBookingDoc, readEventStream } from '../helpers/replicationDocs.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
/** Organisation B; the fixtures' own users (server.seed) are organisation A's (the default). */
let b: TestOrganisation
let customerA: ApiClient
let providerA: ApiClient
let bookingInB: string

beforeAll(async () => {
  server = await startTestServer()
  b = await addOrganisation(server.db, 'Organisation B')
  customerA = server.api(await server.signIn(server.seed.customerA.email))
  providerA = server.api(await server.signIn(server.seed.providerA.email))
  const customerB = server.api(await server.signIn(b.seed.customerA.email))
  const booked = await customerB.post('/api/bookings', { slotId: b.seed.slots.five.id })
  expect(booked.status).toBe(201)
  bookingInB = booked.body.id
})
afterAll(async () => {
  await server?.close()
})

describe("another organisation's rows over REST", () => {
  it("are not found: B's booking and slot for A's customer and provider", async () => {
    expect((await customerA.get(`/api/bookings/${bookingInB}`)).body.code).toBe('BOOKING_NOT_FOUND')
    const book = await customerA.post('/api/bookings', { slotId: b.seed.slots.pair.id })
    expect([book.status, book.body.code]).toEqual([404, 'SLOT_NOT_FOUND'])
    const change = await providerA.patch(`/api/slots/${b.seed.slots.pair.id}`, { blocked: true })
    expect(change.status).toBe(404)
    const cancel = await customerA.patch(`/api/bookings/${bookingInB}`, { status: 'CANCELLED' })
    expect(cancel.status).toBe(404)
    const { rows } = await server.db.query<{ status: string; blocked: boolean }>(
      `SELECT b.status, s.blocked FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1`,
      [bookingInB],
    )
    expect(rows).toEqual([{ status: 'PENDING', blocked: false }])
  })

  it('lists only their own organisation: slots, providers', async () => {
    const slots = (await customerA.get('/api/slots')).body as { id: string }[]
    const ids = new Set(slots.map((s) => s.id))
    expect(ids.has(server.seed.slots.pair.id)).toBe(true)
    for (const slot of Object.values(b.seed.slots)) expect(ids.has(slot.id)).toBe(false)
    const providers = (await customerA.get('/api/providers')).body as { id: string }[]
    expect(providers.map((p) => p.id).sort()).toEqual(
      [server.seed.providerA.id, server.seed.providerB.id].sort(),
    )
  })
})

describe("another organisation's rows over replication", () => {
  it('a pull never contains them', async () => {
    for (const collection of ['slots', 'bookings']) {
      const pulled = await customerA.get(`/api/replication/${collection}/pull?batchSize=500`)
      expect(pulled.status).toBe(200)
      const ids = (pulled.body.documents as { id: string }[]).map((d) => d.id)
      expect(ids).not.toContain(bookingInB)
      for (const slot of Object.values(b.seed.slots)) expect(ids).not.toContain(slot.id)
    }
  })

  it("a push into B's slot is refused as SLOT_NOT_FOUND and changes nothing in B", async () => {
    const doc = newBookingDoc(b.seed.slots.pair, server.seed.customerA.id)
    const pushed = await customerA.post('/api/replication/bookings/push', [{ newDocumentState: doc }])
    expect(pushed.status).toBe(200)
    expect(pushed.body).toMatchObject([{ id: doc.id, status: 'REJECTED', rejectionReason: 'SLOT_NOT_FOUND' }])
    const { rows } = await server.db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = $1',
      [b.seed.slots.pair.id],
    )
    expect(rows).toEqual([{ current_bookings: 0 }])
  })

  it('a device of A is not woken by a change in B, and is by one in A', async () => {
    const stream = await readEventStream(
      `${server.url}/api/replication/stream`,
      await server.signIn(server.seed.customerA.email),
    )
    try {
      await stream.waitFor(/: connected\n\n/)
      const foreign = await b.seed.createSlot({ provider: b.seed.providerA })
      // The feed polls every few ms: a wake-up would have arrived long before this.
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(stream.text()).not.toMatch(/event: (change|documents)/)
      const own = await server.seed.createSlot({ provider: server.seed.providerA })
      await stream.waitFor(announces('slots'))
      // Carried documents (if the feed carried them) are the organisation's own only: never B's slot.
      if (/event: documents/.test(stream.text())) expect(stream.text()).toContain(own.id)
      expect(stream.text()).not.toContain(foreign.id)
    } finally {
      await stream.close()
    }
  })
})

describe('the organisation a request works in', () => {
  it('is the one X-Organisation-Id names, among the caller’s memberships; otherwise the first', async () => {
    const user = b.seed.customerB
    await addMembership(server.db, server.seed.customerA.organisationId, user.id, 'customer')
    const token = await server.signIn(user.email)
    const mine = (await server.api(token).get('/api/organisations')).body as { id: string; role: string }[]
    expect(mine.map((o) => [o.id, o.role])).toEqual([
      [b.id, 'customer'],
      [server.seed.customerA.organisationId, 'customer'],
    ])
    const slotIds = async (organisationId?: string) =>
      ((await server.api(token, organisationId).get('/api/slots')).body as { id: string }[]).map((s) => s.id)
    expect(await slotIds()).toContain(b.seed.slots.pair.id)
    const inA = await slotIds(server.seed.customerA.organisationId)
    expect(inA).toContain(server.seed.slots.pair.id)
    expect(inA).not.toContain(b.seed.slots.pair.id)
  })

  it('is refused when the caller is no member there (403) or the header is no id (400)', async () => {
    const token = await server.signIn(server.seed.customerC.email)
    const notMember = await server.api(token, b.id).get('/api/slots')
    expect([notMember.status, notMember.body.code]).toEqual([403, 'FORBIDDEN'])
    const malformed = await server.api(token, 'not-an-id').get('/api/slots')
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('is documented on every route of the OpenAPI document', async () => {
    const doc = (await server.api().get('/docs/json')).body
    expect(doc.components.securitySchemes.organisation).toMatchObject({
      in: 'header',
      name: 'X-Organisation-Id',
    })
    expect(doc.security).toEqual([{ bearer: [], organisation: [] }])
  })
})

describe('administering an organisation', () => {
  let admin: ApiClient

  beforeAll(async () => {
    await addMembership(server.db, b.id, b.seed.providerB.id, 'admin')
    admin = server.api(await server.signIn(b.seed.providerB.email))
  })

  it('an invitation link signs a new person up as a member with the invited role, once', async () => {
    const issued = await admin.post('/api/organisation/invitations', { role: 'provider' })
    expect(issued.status).toBe(201)
    const { url, token } = issued.body
    // In the fragment: browsers never send it, so no request log sees it.
    expect(url).toMatch(new RegExp(`/#invitation=${token}$`))
    const preview = await server.api().post('/api/invitations/preview', { token })
    expect(preview.body).toMatchObject({ organisation: { id: b.id }, role: 'provider' })
    const email = `invited-${b.slug}@test.example`
    const account = { token, name: 'Invited', email, password: 'a long enough password' }
    const accepted = await server.api().post('/api/invitations/accept', account)
    expect(accepted.status).toBe(201)
    const invited = server.api(accepted.body.token)
    expect((await invited.get('/api/organisations')).body).toEqual([
      { id: b.id, name: 'Organisation B', slug: b.slug, role: 'provider' },
    ])
    expect((await invited.get('/api/slots')).body.map((s: { id: string }) => s.id)).toContain(
      b.seed.slots.pair.id,
    )
    // The organisation's trail says who invited whom with which role, and when the person joined.
    const me = accepted.body.user as { id: string }
    const trail = (await admin.get('/api/organisation/audit')).body as {
      actorId: string
      action: string
      entityType: string
      entityId: string
      after: object
    }[]
    const joined = trail.find((e) => e.action === 'member.joined' && e.actorId === me.id)
    const created = trail.find((e) => e.action === 'invitation.created' && e.entityId === joined?.entityId)
    expect(joined).toMatchObject({
      entityType: 'invitation',
      after: { role: 'provider', invitedBy: b.seed.providerB.id },
    })
    expect(created).toMatchObject({
      actorId: b.seed.providerB.id,
      entityType: 'invitation',
      after: { role: 'provider', expiresAt: issued.body.expiresAt },
    })
    expect(trail.indexOf(joined as (typeof trail)[number])).toBeLessThan(
      trail.indexOf(created as (typeof trail)[number]),
    )
    const again = await server.api().post('/api/invitations/accept', { ...account, email: `x-${email}` })
    expect([again.status, again.body.code]).toEqual([410, 'INVITATION_USED'])
    const { rows } = await server.db.query('SELECT token_hash FROM invitations WHERE token_hash = $1', [
      token,
    ])
    expect(rows).toEqual([])
  })

  it("signing up keeps the device's time zone; an unknown zone is a 400 that leaves the link unused", async () => {
    const zoneOf = async (email: string) =>
      (await server.db.query<{ time_zone: string }>('SELECT time_zone FROM users WHERE email = $1', [email]))
        .rows[0]?.time_zone
    const password = 'a long enough password'

    const { token } = (await admin.post('/api/organisation/invitations', { role: 'provider' })).body
    const refused = await server.api().post('/api/invitations/accept', {
      token,
      name: 'Zoneless',
      email: `mars-${b.slug}@test.example`,
      password,
      timeZone: 'Mars/Olympus_Mons',
    })
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(await zoneOf(`mars-${b.slug}@test.example`)).toBeUndefined()

    // The same link still works: the refusal used nothing up.
    const email = `berlin-${b.slug}@test.example`
    const accepted = await server.api().post('/api/invitations/accept', {
      token,
      name: 'Berliner',
      email,
      password,
      timeZone: 'Europe/Berlin',
    })
    expect(accepted.status).toBe(201)
    expect(accepted.body.user).toMatchObject({ email, timeZone: 'Europe/Berlin' })
    expect(await zoneOf(email)).toBe('Europe/Berlin')

    // A client that sends no zone gets the inviter's (organisation B's admin: America/New_York), not UTC.
    const next = (await admin.post('/api/organisation/invitations', { role: 'provider' })).body.token
    const older = `older-client-${b.slug}@test.example`
    const plain = await server.api().post('/api/invitations/accept', {
      token: next,
      name: 'Older client',
      email: older,
      password,
    })
    expect(plain.status).toBe(201)
    expect(await zoneOf(older)).toBe(b.seed.providerB.timeZone)
    expect(b.seed.providerB.timeZone).toBe('America/New_York')
  })

  it('refuses a blank (whitespace-only) password with a 400 naming the field; the link stays unused', async () => {
    const { token } = (await admin.post('/api/organisation/invitations', { role: 'provider' })).body
    const email = `blank-${b.slug}@test.example`
    for (const password of ['        ', ' \u00a0 \u2003 \u3000    ', '\u3000'.repeat(10)]) {
      const refused = await server
        .api()
        .post('/api/invitations/accept', { token, name: 'Blank', email, password })
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(refused.body.message).toMatch(/password/)
      expect(refused.body.details).toContainEqual(
        expect.objectContaining({ path: ['body', 'password'], message: 'must not be blank (only spaces)' }),
      )
    }
    // Nor can any other path that creates an account set one.
    await expect(
      createAccount(server.db, { email, name: 'Blank', role: 'customer', password: '          ' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    const { rows } = await server.db.query('SELECT 1 FROM users WHERE email = $1', [email])
    expect(rows).toEqual([])
    // Spaces inside a pass phrase are fine, and the same link still works.
    const password = '  a pass phrase with spaces  '
    const accepted = await server
      .api()
      .post('/api/invitations/accept', { token, name: 'Spaced', email, password })
    expect(accepted.status).toBe(201)
    const signedIn = await server.api().post('/api/session', { email, password })
    expect(signedIn.status).toBe(201)
  })

  it('refuses an expired or unknown link with a typed 4xx and creates nobody', async () => {
    const { token } = (await admin.post('/api/organisation/invitations', { role: 'customer' })).body
    await server.db.query(
      `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL`,
    )
    const account = { name: 'Late', email: `late-${b.slug}@test.example`, password: 'a long enough password' }
    const expired = await server.api().post('/api/invitations/accept', { ...account, token })
    expect([expired.status, expired.body.code]).toEqual([410, 'INVITATION_EXPIRED'])
    const unknown = await server.api().post('/api/invitations/accept', { ...account, token: 'x'.repeat(32) })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'INVITATION_INVALID'])
    const { rows } = await server.db.query('SELECT 1 FROM users WHERE email = $1', [account.email])
    expect(rows).toEqual([])
  })

  it('only admins invite, list members, read the audit trail and create organisations', async () => {
    const provider = server.api(await server.signIn(b.seed.providerA.email))
    expect((await provider.post('/api/organisation/invitations', { role: 'admin' })).status).toBe(403)
    expect((await provider.get('/api/organisation/members')).status).toBe(403)
    expect((await provider.get('/api/organisation/audit')).status).toBe(403)
    expect((await provider.post('/api/organisations', { name: 'Mine', slug: `mine-${b.slug}` })).status).toBe(
      403,
    )
  })

  it("an admin lists the members and reads the organisation's audit trail, nothing of another", async () => {
    const members = (await admin.get('/api/organisation/members')).body as { userId: string; role: string }[]
    expect(members.map((m) => m.userId)).toContain(b.seed.customerA.id)
    expect(members.map((m) => m.userId)).not.toContain(server.seed.customerA.id)
    const audit = (await admin.get('/api/organisation/audit')).body as { entityId: string }[]
    expect(audit.map((a) => a.entityId)).toContain(bookingInB)
    const { rows } = await server.db.query<{ entity_id: string }>(
      'SELECT entity_id FROM audit_log WHERE organisation_id <> $1',
      [b.id],
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(audit.map((a) => a.entityId)).not.toContain(row.entity_id)
  })

  it('an admin creates an organisation and becomes its admin; a taken short name is a 409', async () => {
    const slug = `new-${b.slug}`
    const created = await admin.post('/api/organisations', { name: 'New one', slug })
    expect(created.status).toBe(201)
    const mine = (await admin.get('/api/organisations')).body as { id: string; role: string }[]
    expect(mine).toContainEqual({ id: created.body.id, name: 'New one', slug, role: 'admin' })
    expect((await admin.post('/api/organisations', { name: 'Again', slug })).status).toBe(409)
  })
})

describe('a person who has an account joins through an invitation link (redeem)', () => {
  /** Organisation C: its own admin, so no other test's invitations or expiries touch these. */
  let c: TestOrganisation
  let adminC: ApiClient
  const invite = async (role: string): Promise<string> => {
    const issued = await adminC.post('/api/organisation/invitations', { role })
    expect(issued.status).toBe(201)
    return issued.body.token
  }
  const invitationRow = async (token: string) =>
    (
      await server.db.query<{ used_at: Date | null; used_by: string | null }>(
        'SELECT used_at, used_by FROM invitations WHERE token_hash = $1',
        [createHash('sha256').update(token).digest('hex')],
      )
    ).rows[0]
  const membershipIn = async (organisationId: string, userId: string) =>
    (
      await server.db.query<{ role: string }>(
        'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2',
        [organisationId, userId],
      )
    ).rows[0]?.role

  beforeAll(async () => {
    c = await addOrganisation(server.db, 'Organisation C')
    await addMembership(server.db, c.id, c.seed.providerB.id, 'admin')
    adminC = server.api(await server.signIn(c.seed.providerB.email))
  })

  it('adds the signed-in user with the invited role and uses the link, once', async () => {
    // A customer of A is invited as a provider of C: the invitation's role, not the account's.
    const joiner = await server.seed.createCustomer('joiner')
    const token = await invite('provider')
    const joinerToken = await server.signIn(joiner.email)
    const redeemed = await server.api(joinerToken).post('/api/invitations/redeem', { token })
    expect(redeemed.status).toBe(201)
    expect(redeemed.body).toEqual({ id: c.id, name: 'Organisation C', slug: c.slug, role: 'provider' })
    // The switcher's list: A first (still where a request without header works), then C.
    const mine = (await server.api(joinerToken).get('/api/organisations')).body as {
      id: string
      role: string
    }[]
    expect(mine.map((o) => [o.id, o.role])).toEqual([
      [server.seed.customerA.organisationId, 'customer'],
      [c.id, 'provider'],
    ])
    // The same session works in C at once (no new sign-in), as a provider there.
    const inC = server.api(joinerToken, c.id)
    expect(((await inC.get('/api/slots')).body as { id: string }[]).map((s) => s.id)).toContain(
      c.seed.slots.pair.id,
    )
    // A provider's read (customers get a 403): the session's role in C is the invitation's.
    expect((await inC.get('/api/audit')).status).toBe(200)
    expect((await server.api(joinerToken).get('/api/audit')).status).toBe(403)
    expect(await invitationRow(token)).toMatchObject({ used_by: joiner.id, used_at: expect.any(Date) })
    // C's trail has the joining; a provider's own trail (no provider's entry) does not.
    const trail = (await adminC.get('/api/organisation/audit')).body as { actorId: string; action: string }[]
    expect(trail.filter((e) => e.actorId === joiner.id).map((e) => e.action)).toEqual(['member.joined'])
    expect(
      ((await inC.get('/api/audit')).body as { action: string }[]).filter(
        (e) => e.action === 'member.joined',
      ),
    ).toEqual([])

    const again = await server.api(joinerToken).post('/api/invitations/redeem', { token })
    expect([again.status, again.body.code]).toEqual([410, 'INVITATION_USED'])
    const someoneElse = server.api(await server.signIn(server.seed.customerC.email))
    const taken = await someoneElse.post('/api/invitations/redeem', { token })
    expect([taken.status, taken.body.code]).toEqual([410, 'INVITATION_USED'])
    expect(await membershipIn(c.id, server.seed.customerC.id)).toBeUndefined()
  })

  it('refuses an expired or unknown link with a typed 4xx and adds no membership', async () => {
    const joiner = await server.seed.createCustomer('late-joiner')
    const api = server.api(await server.signIn(joiner.email))
    const token = await invite('customer')
    await server.db.query(
      `UPDATE invitations SET expires_at = now() - interval '1 minute'
       WHERE organisation_id = $1 AND used_at IS NULL`,
      [c.id],
    )
    const expired = await api.post('/api/invitations/redeem', { token })
    expect([expired.status, expired.body.code]).toEqual([410, 'INVITATION_EXPIRED'])
    const unknown = await api.post('/api/invitations/redeem', { token: 'z'.repeat(32) })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'INVITATION_INVALID'])
    expect(await membershipIn(c.id, joiner.id)).toBeUndefined()
    expect(await invitationRow(token)).toMatchObject({ used_at: null, used_by: null })
  })

  it('refuses a member of the organisation in words (409 ALREADY_MEMBER) and leaves the link unused', async () => {
    const token = await invite('customer')
    const member = server.api(await server.signIn(c.seed.providerA.email))
    const refusedAnswer = await member.post('/api/invitations/redeem', { token })
    expect([refusedAnswer.status, refusedAnswer.body.code]).toEqual([409, 'ALREADY_MEMBER'])
    expect(refusedAnswer.body.message).toMatch(/already a member of Organisation C/)
    expect(refusedAnswer.body.details).toEqual({
      organisation: { id: c.id, name: 'Organisation C', slug: c.slug },
      role: 'provider',
    })
    // Their role there is unchanged (a customer invitation never demotes a provider) ...
    expect(await membershipIn(c.id, c.seed.providerA.id)).toBe('provider')
    // ... and the link still works for the person it was meant for.
    expect(await invitationRow(token)).toMatchObject({ used_at: null, used_by: null })
    const joiner = await server.seed.createCustomer('meant-for')
    const joined = await server
      .api(await server.signIn(joiner.email))
      .post('/api/invitations/redeem', { token })
    expect([joined.status, joined.body.role]).toEqual([201, 'customer'])
  })

  it('needs a signed-in user: 401, and the link stays unused', async () => {
    const token = await invite('provider')
    const anonymous = await server.api().post('/api/invitations/redeem', { token })
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED'])
    const badSession = await server.api('not-a-session-token').post('/api/invitations/redeem', { token })
    expect(badSession.status).toBe(401)
    expect(await invitationRow(token)).toMatchObject({ used_at: null, used_by: null })
  })

  it("another organisation's admin joins with the invited role only, and learns nothing more", async () => {
    // A's admin, working in A (the header names A), redeems C's customer invitation.
    const adminA = await server.seed.createCustomer('admin-of-a')
    await addMembership(server.db, server.seed.customerA.organisationId, adminA.id, 'admin')
    const session = await server.signIn(adminA.email)
    const inA = server.api(session, server.seed.customerA.organisationId)
    const token = await invite('customer')
    const joined = await inA.post('/api/invitations/redeem', { token })
    expect(joined.status).toBe(201)
    // The organisation and the role: nothing of the invitation, its maker or C's members.
    expect(joined.body).toEqual({ id: c.id, name: 'Organisation C', slug: c.slug, role: 'customer' })
    expect(await membershipIn(server.seed.customerA.organisationId, adminA.id)).toBe('admin')
    expect(await membershipIn(c.id, adminA.id)).toBe('customer')
    // In C a customer: no members, no audit trail, no invitations of C's.
    const inC = server.api(session, c.id)
    expect((await inC.get('/api/organisation/members')).status).toBe(403)
    expect((await inC.get('/api/organisation/audit')).status).toBe(403)
    expect((await inC.post('/api/organisation/invitations', { role: 'admin' })).status).toBe(403)
    // In A the admin still sees only A's members: C's people did not come along.
    const membersOfA = ((await inA.get('/api/organisation/members')).body as { userId: string }[]).map(
      (m) => m.userId,
    )
    expect(membersOfA).toContain(adminA.id)
    expect(membersOfA).not.toContain(c.seed.providerB.id)
    expect(membersOfA).not.toContain(c.seed.providerA.id)
    // A refused link names no organisation: only a valid link says whose it is.
    const used = await inA.post('/api/invitations/redeem', { token })
    expect(used.status).toBe(410)
    expect(JSON.stringify(used.body)).not.toMatch(new RegExp(`${c.id}|Organisation C|${c.slug}`))
  })

  it('is documented in the OpenAPI document like its neighbours', async () => {
    const doc = (await server.api().get('/docs/json')).body
    const route = doc.paths['/api/invitations/redeem'].post
    expect(route.tags).toEqual(['organisations'])
    expect(Object.keys(route.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '410',
      '413',
      '415',
      '429',
    ])
    // Signed in (the default security), unlike accept and preview.
    expect(route.security).toBeUndefined()
  })
})

describe('invitation links are rate-limited like sign-in', () => {
  it('per client IP', async () => {
    const limited = await startTestServer({ RATE_LIMIT_SIGN_IN_PER_IP: 3 })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await limited.api().post('/api/invitations/preview', { token: 'y'.repeat(32) })).status,
        )
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429])
    } finally {
      await limited.close()
    }
  })

  it('per client IP, redeeming by a signed-in user too', async () => {
    const limited = await startTestServer({ RATE_LIMIT_SIGN_IN_PER_IP: 3 })
    try {
      // Signing in counts against the same limit: 1 of 3.
      const api = limited.api(await limited.signIn(limited.seed.customerA.email))
      const statuses: number[] = []
      for (let i = 0; i < 3; i++) {
        statuses.push((await api.post('/api/invitations/redeem', { token: 'y'.repeat(32) })).status)
      }
      expect(statuses).toEqual([404, 404, 429])
    } finally {
      await limited.close()
    }
  })
})
