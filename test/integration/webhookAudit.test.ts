/**
 * The audit trail records a provider's webhook endpoint changes (created, changed, disabled,
 * re-enabled, secret rotated, deleted; never a secret) and an organisation created by an admin, each
 * in the change's own transaction; and the rotation rule the page states before rotating.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'

const GRACE_MS = 3_600_000

interface TrailEntry {
  actorId: string | null
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  at: string
}

let server: TestServer
let org: TestOrganisation
let provider: ApiClient
let admin: ApiClient

beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_SECRET_GRACE_MS: GRACE_MS })
  org = await addOrganisation(server.db, 'Audited organisation')
  await addMembership(server.db, org.id, org.seed.providerB.id, 'admin')
  provider = server.api(await server.signIn(org.seed.providerA.email))
  admin = server.api(await server.signIn(org.seed.providerB.email))
})
afterAll(async () => {
  await server?.close()
})

/** The organisation's trail (admins), oldest first, of one entity. */
async function trailOf(entityId: string): Promise<TrailEntry[]> {
  const res = await admin.get('/api/organisation/audit?limit=100')
  expect(res.status).toBe(200)
  return (res.body as TrailEntry[]).filter((e) => e.entityId === entityId).reverse()
}

describe('webhook endpoint changes in the audit trail', () => {
  it('records create, change, disable, re-enable, rotation and delete, without any secret', async () => {
    const url = 'http://127.0.0.1:9/hooks'
    const created = await provider.post('/api/webhooks', { url, events: ['booking.created'] })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    const secrets = [created.body.secret as string]
    expect(
      (await provider.patch(`/api/webhooks/${id}`, { events: ['booking.created', 'slot.changed'] })).status,
    ).toBe(200)
    expect((await provider.patch(`/api/webhooks/${id}`, { enabled: false })).status).toBe(200)
    // The same state sent again changes nothing and is not recorded.
    expect((await provider.patch(`/api/webhooks/${id}`, { enabled: false })).status).toBe(200)
    expect((await provider.patch(`/api/webhooks/${id}`, { enabled: true })).status).toBe(200)
    const rotated = await provider.post(`/api/webhooks/${id}/rotate-secret`)
    expect(rotated.status).toBe(200)
    secrets.push(rotated.body.secret)
    expect((await provider.delete(`/api/webhooks/${id}`)).status).toBe(200)

    const trail = await trailOf(id)
    expect(trail.map((e) => [e.action, e.entityType, e.actorId])).toEqual(
      [
        'webhook_endpoint.created',
        'webhook_endpoint.updated',
        'webhook_endpoint.updated',
        'webhook_endpoint.updated',
        'webhook_endpoint.secret_rotated',
        'webhook_endpoint.deleted',
      ].map((action) => [action, 'webhook_endpoint', org.seed.providerA.id]),
    )
    const [made, changed, disabled, enabled, rotation, deleted] = trail
    expect(made?.before).toBeNull()
    expect(made?.after).toEqual({ url, events: ['booking.created'], enabled: true })
    expect(changed?.after).toMatchObject({ events: ['booking.created', 'slot.changed'] })
    expect(disabled?.before).toMatchObject({ enabled: true })
    expect(disabled?.after).toMatchObject({ enabled: false })
    expect(enabled?.after).toMatchObject({ enabled: true })
    expect(rotation?.after).toMatchObject({ url, previousSecretUntil: rotated.body.previousSecretUntil })
    expect(deleted?.before).toMatchObject({ url, enabled: true })
    expect(deleted?.after).toBeNull()
    const stored = await server.db.query<{ row: string }>(
      "SELECT row_to_json(a)::text AS row FROM audit_log a WHERE entity_type = 'webhook_endpoint'",
    )
    for (const { row } of stored.rows) for (const secret of secrets) expect(row).not.toContain(secret)
    // The provider reads their own endpoint's entries in their trail too.
    const own = (await provider.get(`/api/audit?entityId=${id}`)).body as TrailEntry[]
    expect(own).toHaveLength(6)
  })

  it('writes the entry in the change’s transaction (the same now()), and none for a refused change', async () => {
    const created = await provider.post('/api/webhooks', {
      url: 'http://127.0.0.1:9/b',
      events: ['slot.changed'],
    })
    const { rows } = await server.db.query<{ same: boolean }>(
      `SELECT a.at = w.created_at AS same FROM audit_log a JOIN webhook_endpoints w ON w.id = a.entity_id
       WHERE a.entity_id = $1`,
      [created.body.id],
    )
    expect(rows).toEqual([{ same: true }])
    const other = server.api(await server.signIn(org.seed.providerB.email))
    expect((await other.patch(`/api/webhooks/${created.body.id}`, { enabled: false })).status).toBe(404)
    expect(await trailOf(created.body.id)).toHaveLength(1)
  })
})

describe('the rotation rule', () => {
  it('says how long the old secret keeps signing, to providers only', async () => {
    const res = await provider.get('/api/webhooks/secret-rotation')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ previousSecretValidMs: GRACE_MS })
    const customer = server.api(await server.signIn(org.seed.customerA.email))
    const refused = await customer.get('/api/webhooks/secret-rotation')
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('FORBIDDEN')
  })
})

describe('an organisation created', () => {
  it('is in the trail of the organisation it was created from, in the same transaction', async () => {
    const slug = `made-${org.slug}`
    const created = await admin.post('/api/organisations', { name: 'Branch office', slug })
    expect(created.status).toBe(201)
    const trail = await trailOf(created.body.id)
    expect(trail).toMatchObject([
      {
        action: 'organisation.created',
        entityType: 'organisation',
        actorId: org.seed.providerB.id,
        after: { name: 'Branch office', slug },
      },
    ])
    const { rows } = await server.db.query<{ same: boolean }>(
      `SELECT a.at = m.created_at AS same FROM audit_log a
       JOIN memberships m ON m.organisation_id = a.entity_id AND m.user_id = a.actor_id
       WHERE a.entity_id = $1`,
      [created.body.id],
    )
    // Both entries: this organisation's and the new one's own (organisationCreatedTrail.test.ts).
    expect(rows).toEqual([{ same: true }, { same: true }])
    // A taken short name records nothing.
    expect((await admin.post('/api/organisations', { name: 'Again', slug })).status).toBe(409)
    expect(await trailOf(created.body.id)).toHaveLength(1)
  })
})
