/**
 * An organisation an admin creates has its own beginning in its own audit trail: who created it and
 * when (the same entry the trail of the organisation it was created from has), never a secret. Before,
 * only the organisation it was created from recorded it, and the new one's trail said "Nothing has
 * happened yet".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
let org: TestOrganisation

beforeAll(async () => {
  server = await startTestServer()
  org = await addOrganisation(server.db, 'Founding organisation')
  await addMembership(server.db, org.id, org.seed.providerB.id, 'admin')
})
afterAll(async () => {
  await server?.close()
})

describe('an organisation created by an admin', () => {
  it("is the first entry of the new organisation's own trail: who created it, when, no secret", async () => {
    const token = await server.signIn(org.seed.providerB.email)
    const slug = `acme-${org.slug}`
    const before = Date.now()
    const created = await server.api(token, org.id).post('/api/organisations', { name: 'Acme', slug })
    expect(created.status).toBe(201)
    const acmeId = created.body.id as string

    const trail = await server.api(token, acmeId).get('/api/organisation/audit?limit=100')
    expect(trail.status).toBe(200)
    expect(trail.body).toHaveLength(1)
    const [entry] = trail.body as Record<string, unknown>[]
    expect(entry).toMatchObject({
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: acmeId,
      actorId: org.seed.providerB.id,
      after: { name: 'Acme', slug },
    })
    expect(Object.keys(entry?.after as object).sort()).toEqual(['name', 'slug'])
    expect(Date.parse(entry?.at as string)).toBeGreaterThanOrEqual(before - 1_000)
    expect(JSON.stringify(entry)).not.toMatch(/token|secret|password|hash/i)

    // The founding organisation's trail still says it too, and a third organisation sees neither.
    const founding = await server.api(token, org.id).get('/api/organisation/audit?limit=100')
    expect((founding.body as { entityId: string }[]).filter((e) => e.entityId === acmeId)).toHaveLength(1)
    const { rows } = await server.db.query<{ organisation_id: string }>(
      'SELECT organisation_id FROM audit_log WHERE entity_id = $1 ORDER BY organisation_id',
      [acmeId],
    )
    expect(rows.map((r) => r.organisation_id).sort()).toEqual([acmeId, org.id].sort())
  })

  it('records nothing anywhere when the short name is taken', async () => {
    const token = await server.signIn(org.seed.providerB.email)
    const slug = `taken-${org.slug}`
    expect((await server.api(token, org.id).post('/api/organisations', { name: 'First', slug })).status).toBe(
      201,
    )
    const { rows: before } = await server.db.query('SELECT id FROM audit_log')
    expect((await server.api(token, org.id).post('/api/organisations', { name: 'Again', slug })).status).toBe(
      409,
    )
    const { rows: after } = await server.db.query('SELECT id FROM audit_log')
    expect(after).toHaveLength(before.length)
  })
})
