/**
 * A user whose membership ended (removed from the organisation, or from the only one they had):
 * the server says so in one refusal a device can tell from other 403s (403 FORBIDDEN, details.reason
 * NOT_A_MEMBER: shared/membershipRefusal.ts), and a user of no organisation can still list their
 * organisations (none), join one through an invitation link, and sign out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { NOT_A_MEMBER } from '../../shared/membershipRefusal.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let alpha: TestOrganisation
let beta: TestOrganisation

beforeAll(async () => {
  server = await startTestServer()
  alpha = await addOrganisation(server.db, 'Alpha Org')
  beta = await addOrganisation(server.db, 'Beta Org')
  await addMembership(server.db, alpha.id, alpha.seed.customerC.id, 'admin')
})
afterAll(async () => {
  await server?.close()
})

/** Removes the user from the organisation through its admin, as the admin page does. */
async function remove(org: TestOrganisation, userId: string): Promise<void> {
  const admin = server.api(await server.signIn(org.seed.customerC.email), org.id)
  expect((await admin.delete(`/api/organisation/members/${userId}`)).status).toBe(200)
}

describe('a removed member', () => {
  it('is refused with the NOT_A_MEMBER detail where they were removed, and works on where they are still a member', async () => {
    const user = alpha.seed.customerB
    await addMembership(server.db, beta.id, user.id, 'customer')
    const token = await server.signIn(user.email)
    await remove(alpha, user.id)

    const there = await server.api(token, alpha.id).get('/api/replication/bookings/pull?batchSize=10')
    expect(there.status).toBe(403)
    expect(there.body).toMatchObject({
      code: 'FORBIDDEN',
      message: 'You are not a member of this organisation.',
      details: { reason: NOT_A_MEMBER, organisationId: alpha.id },
    })
    // A rule's refusal is a 403 without that detail: the device must not take it for a lost membership.
    const rule = await server.api(token, beta.id).get('/api/organisation/members')
    expect(rule.status).toBe(403)
    expect(rule.body.details?.reason).toBeUndefined()
    // The list of organisations (read without naming one) says where the user still belongs.
    const listed = await server.api(token).get('/api/organisations')
    expect(listed.status).toBe(200)
    expect(listed.body.map((o: { name: string }) => o.name)).toEqual(['Beta Org'])
  })

  it('of their only organisation lists none, joins another through an invitation link and signs out', async () => {
    const user = alpha.seed.customerA
    const token = await server.signIn(user.email)
    await remove(alpha, user.id)
    const api = server.api(token)

    expect(await api.get('/api/organisations')).toMatchObject({ status: 200, body: [] })
    // Anything that needs an organisation is refused as "no member of any", not as signed out.
    const pull = await api.get('/api/replication/slots/pull?batchSize=10')
    expect(pull).toMatchObject({
      status: 403,
      body: { message: 'You are not a member of any organisation.', details: { reason: NOT_A_MEMBER } },
    })

    const betaAdmin = server.api(await server.signIn(beta.seed.customerC.email), beta.id)
    await addMembership(server.db, beta.id, beta.seed.customerC.id, 'admin')
    const { token: link } = (await betaAdmin.post('/api/organisation/invitations', { role: 'customer' })).body
    const joined = await api.post('/api/invitations/redeem', { token: link })
    expect(joined).toMatchObject({ status: 201, body: { name: 'Beta Org', role: 'customer' } })
    expect((await api.get('/api/organisations')).body.map((o: { name: string }) => o.name)).toEqual([
      'Beta Org',
    ])

    await remove(beta, user.id)
    expect((await api.delete('/api/session')).status).toBe(204)
    expect((await api.get('/api/organisations')).status).toBe(401)
  })
})
