/**
 * Webhook endpoint rules found by a new admin's walk: one endpoint per URL (409
 * WEBHOOK_ENDPOINT_EXISTS, in the database too: migration 027, which keeps endpoints registered twice
 * before it); editing an endpoint's URL and events (audited, all or nothing); a delivery log that keeps
 * its history across replays and says when a retry is due; re-enabling an endpoint ends its failure
 * run; a disabling says who did it; and an automatic one is told to the endpoint's owner.
 */
import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../server/db/migrate.js'
import { type Notification, notificationText } from '../../shared/notifications.js'
import { addMembership } from '../../server/domain/organisations.js'
import { eventually } from '../helpers/eventually.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { type TestDatabase, openTestDatabase } from '../helpers/testDatabase.js'
import { type ApiClient, type TestServer, startTestServer } from '../helpers/testServer.js'
import { OK, type WebhookReceiver, startWebhookReceiver } from '../helpers/webhookReceiver.js'

const DISABLE_AFTER_MS = 2000
const RETRY_BASE_MS = 1000

let server: TestServer
let org: TestOrganisation
let receiver: WebhookReceiver
let provider: ApiClient
let admin: ApiClient
let customer: ApiClient

beforeAll(async () => {
  server = await startTestServer({
    WEBHOOK_ALLOW_PRIVATE_HOSTS: true,
    WEBHOOK_RELAY_MS: 20,
    WEBHOOK_RETRY_BASE_MS: RETRY_BASE_MS,
    WEBHOOK_RETRY_MAX_MS: 2 * RETRY_BASE_MS,
    WEBHOOK_TIMEOUT_MS: 500,
    WEBHOOK_DISABLE_AFTER_MS: DISABLE_AFTER_MS,
  })
  org = await addOrganisation(server.db, 'Webhook rules organisation')
  await addMembership(server.db, org.id, org.seed.providerB.id, 'admin')
  provider = server.api(await server.signIn(org.seed.providerA.email))
  admin = server.api(await server.signIn(org.seed.providerB.email))
  customer = server.api(await server.signIn(org.seed.customerA.email))
  receiver = await startWebhookReceiver()
})
afterEach(async () => {
  await server.db.query('DELETE FROM webhook_endpoints')
  receiver.behaviour = () => OK
  receiver.received.length = 0
})
afterAll(async () => {
  await server?.close()
  await receiver?.close()
})

interface Endpoint {
  id: string
  url: string
  events: string[]
  enabled: boolean
  disabledReason: string | null
  automaticDisabling: { afterMs: number; failingSince: string; lastError: string } | null
  failingSince: string | null
}

async function register(client: ApiClient, url: string, events = ['booking.created']): Promise<Endpoint> {
  const res = await client.post('/api/webhooks', { url, events })
  expect(res.status).toBe(201)
  return res.body
}

async function listed(client: ApiClient = provider): Promise<Endpoint[]> {
  const res = await client.get('/api/webhooks')
  expect(res.status).toBe(200)
  return res.body
}

async function book(): Promise<void> {
  const slot = await org.seed.createSlot({ maxBookings: 5 })
  const res = await customer.post('/api/bookings', { id: randomUUID(), slotId: slot.id })
  expect(res.status).toBe(201)
}

async function deliveries(endpointId: string) {
  const res = await provider.get(`/api/webhooks/${endpointId}/deliveries`)
  expect(res.status).toBe(200)
  return res.body as {
    id: number
    status: string
    attempts: number
    earlierAttempts: number
    replays: number
    replayedAt: string | null
    replayedBy: string | null
    lastAttemptAt: string | null
    nextAttemptAt: string | null
  }[]
}

describe('one endpoint per URL', () => {
  it('refuses a URL the manager already has, as the URL parser normalises it, naming the endpoint', async () => {
    const first = await register(provider, 'http://127.0.0.1:3633/hook', ['booking.created'])
    // Stored as normalised: the host in lower case, the default port dropped.
    const second = await register(provider, 'http://LOCALHOST:80/x')
    expect(second.url).toBe('http://localhost/x')
    for (const [url, existing] of [
      ['http://127.0.0.1:3633/hook', first],
      ['HTTP://127.0.0.1:3633/hook', first],
      ['http://localhost/x', second],
      ['http://Localhost:80/x', second],
    ] as const) {
      const res = await provider.post('/api/webhooks', { url, events: ['booking.cancelled'] })
      expect(res.status).toBe(409)
      expect(res.body).toMatchObject({
        code: 'WEBHOOK_ENDPOINT_EXISTS',
        details: { endpointId: existing.id, url: existing.url },
      })
      expect(res.body.message).toMatch(/already exists/)
    }
    expect((await listed()).map((e) => e.url)).toEqual(['http://127.0.0.1:3633/hook', 'http://localhost/x'])
    // A trailing slash or another query is another resource on the receiver: allowed.
    await register(provider, 'http://127.0.0.1:3633/hook/')
    await register(provider, 'http://127.0.0.1:3633/hook?tenant=2')
    // Another manager's endpoints are theirs: the same URL is theirs to register.
    await register(admin, 'http://127.0.0.1:3633/hook')
    expect(await listed()).toHaveLength(4)
  })

  it('refuses changing an endpoint to another one’s URL, and applies nothing of that change', async () => {
    const one = await register(provider, 'http://127.0.0.1:3633/one')
    const two = await register(provider, 'http://127.0.0.1:3633/two')
    const res = await provider.patch(`/api/webhooks/${two.id}`, {
      url: 'http://127.0.0.1:3633/one',
      events: ['slot.changed'],
    })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ code: 'WEBHOOK_ENDPOINT_EXISTS', details: { endpointId: one.id } })
    expect((await listed()).find((e) => e.id === two.id)).toMatchObject({
      url: 'http://127.0.0.1:3633/two',
      events: ['booking.created'],
    })
    // Its own URL again (with other events) is no conflict.
    const same = await provider.patch(`/api/webhooks/${two.id}`, {
      url: 'http://127.0.0.1:3633/two',
      events: ['slot.changed'],
    })
    expect(same.status).toBe(200)
    expect(same.body.events).toEqual(['slot.changed'])
  })

  it('lets an endpoint registered twice before migration 027 have its events changed', async () => {
    const kept = await register(provider, receiver.url)
    // What an earlier version allowed: a second endpoint on the URL (migration 027 marks it).
    const twice = randomUUID()
    await server.db.query(
      `INSERT INTO webhook_endpoints (id, organisation_id, provider_id, url, events, secret, registered_twice)
       SELECT $1, organisation_id, provider_id, url, events, 'whsec_old', true FROM webhook_endpoints WHERE id = $2`,
      [twice, kept.id],
    )
    const res = await provider.patch(`/api/webhooks/${twice}`, {
      url: receiver.url,
      events: ['slot.changed'],
    })
    expect(res.status).toBe(200)
    expect(res.body.events).toEqual(['slot.changed'])
    expect((await listed()).map((e) => e.url)).toEqual([receiver.url, receiver.url])
    // Moving it to the URL it already has is no change; to another one's is refused.
    const other = await register(provider, `${receiver.url}/other`)
    const moved = await provider.patch(`/api/webhooks/${twice}`, { url: other.url })
    expect(moved.body).toMatchObject({ code: 'WEBHOOK_ENDPOINT_EXISTS', details: { endpointId: other.id } })
  })

  it('is enforced by the database too (two registrations at once: one wins)', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => provider.post('/api/webhooks', { url: receiver.url, events: ['booking.created'] })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409])
    const { rows } = await server.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM webhook_endpoints WHERE url = $1`,
      [receiver.url],
    )
    expect(Number(rows[0]?.n)).toBe(1)
  })
})

describe('editing an endpoint', () => {
  it('changes URL and events, audited, keeping its log and secret', async () => {
    const endpoint = await register(provider, 'http://127.0.0.1:3633/old', ['booking.created'])
    const res = await provider.patch(`/api/webhooks/${endpoint.id}`, {
      url: receiver.url,
      events: ['booking.created', 'booking.cancelled'],
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ url: receiver.url, events: ['booking.created', 'booking.cancelled'] })
    const { rows } = await server.db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log
       WHERE entity_type = 'webhook_endpoint' AND entity_id = $1 AND action = 'webhook_endpoint.updated'`,
      [endpoint.id],
    )
    expect(rows).toEqual([
      {
        before: { url: 'http://127.0.0.1:3633/old', events: ['booking.created'], enabled: true },
        after: { url: receiver.url, events: ['booking.created', 'booking.cancelled'], enabled: true },
      },
    ])
  })
})

describe('the delivery log and the endpoint’s state', () => {
  it('keeps a replayed delivery’s history: earlier attempts, how often, when and by whom', async () => {
    const endpoint = await register(provider, receiver.url)
    await book()
    const [delivered] = await eventually(async () => {
      const log = await deliveries(endpoint.id)
      expect(log[0]?.status).toBe('delivered')
      return log
    })
    if (!delivered) throw new Error('expected a delivery')
    expect(delivered).toMatchObject({ attempts: 1, earlierAttempts: 0, replays: 0, replayedBy: null })
    const replayed = await provider.post(`/api/webhooks/deliveries/${delivered.id}/replay`)
    expect(replayed.body.deliveries[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
      earlierAttempts: 1,
      replays: 1,
      replayedBy: org.seed.providerA.name,
    })
    const after = await eventually(async () => {
      const [row] = await deliveries(endpoint.id)
      expect(row?.status).toBe('delivered')
      return row
    })
    expect(after).toMatchObject({
      attempts: 1,
      earlierAttempts: 1,
      replays: 1,
      replayedBy: org.seed.providerA.name,
    })
    expect(Date.parse(after?.replayedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(delivered.lastAttemptAt ?? ''),
    )
  })

  it('says when a retrying delivery is next attempted', async () => {
    const endpoint = await register(provider, receiver.url)
    receiver.behaviour = () => ({ kind: 'status', status: 503 })
    await book()
    const retrying = await eventually(async () => {
      const [row] = await deliveries(endpoint.id)
      expect(row).toMatchObject({ status: 'queued' })
      expect(row?.attempts).toBeGreaterThan(0)
      return row
    })
    const last = Date.parse(retrying?.lastAttemptAt ?? '')
    const next = Date.parse(retrying?.nextAttemptAt ?? '')
    expect(next - last).toBeGreaterThanOrEqual(RETRY_BASE_MS - 100)
    expect(next - last).toBeLessThanOrEqual(4 * RETRY_BASE_MS + 100)
  })

  it('ends the failure run when re-enabled (a failure then starts a new one), and names who disabled', async () => {
    const endpoint = await register(provider, receiver.url)
    receiver.behaviour = () => ({ kind: 'status', status: 503 })
    await book()
    const disabled = await eventually(async () => {
      const [row] = await listed()
      expect(row?.enabled).toBe(false)
      return row
    }, DISABLE_AFTER_MS + 15_000)
    expect(disabled?.disabledReason).toMatch(
      /^disabled automatically after 2 seconds of failures: failing continuously since .* HTTP 503/,
    )
    // The reason's facts, for the page to word in the reader's zone.
    expect(disabled?.automaticDisabling).toEqual({
      afterMs: DISABLE_AFTER_MS,
      failingSince: disabled?.failingSince,
      lastError: 'HTTP 503',
    })
    const reenabled = await provider.patch(`/api/webhooks/${endpoint.id}`, { enabled: true })
    // Turned on again once the receiver is thought to work: the page no longer says "failing since"
    // the old run.
    expect(reenabled.body).toMatchObject({
      enabled: true,
      disabledReason: null,
      automaticDisabling: null,
      failingSince: null,
    })
    // A failure just after re-enabling does not disable it again: the clock restarted, and the
    // failure starts a new run.
    const before = (await deliveries(endpoint.id)).length
    await book()
    await eventually(async () => {
      const log = await deliveries(endpoint.id)
      expect(log.length).toBeGreaterThan(before)
      expect(log[0]?.attempts).toBeGreaterThan(0)
    })
    const failingAgain = (await listed())[0]
    expect(failingAgain?.enabled).toBe(true)
    expect(Date.parse(failingAgain?.failingSince ?? '')).toBeGreaterThan(
      Date.parse(disabled?.failingSince ?? ''),
    )
    receiver.behaviour = () => OK
    await eventually(async () => expect((await listed())[0]?.failingSince).toBeNull(), 15_000)

    // Disabled by hand: the reason names who, and as what.
    const byProvider = await provider.patch(`/api/webhooks/${endpoint.id}`, { enabled: false })
    expect(byProvider.body.disabledReason).toBe(`disabled by ${org.seed.providerA.name}, a provider`)
    const adminsOwn = await register(admin, receiver.url)
    const byAdmin = await admin.patch(`/api/webhooks/${adminsOwn.id}`, { enabled: false })
    expect(byAdmin.body.disabledReason).toBe(`disabled by ${org.seed.providerB.name}, an admin`)
    // Disabling again keeps the first reason.
    const again = await admin.patch(`/api/webhooks/${adminsOwn.id}`, { enabled: false })
    expect(again.body.disabledReason).toBe(byAdmin.body.disabledReason)
  }, 60_000)
})

describe('an endpoint disabled automatically', () => {
  it('tells whoever registered it, in the bell, in the transaction that disables it', async () => {
    const endpoint = await register(provider, `${receiver.url}?owner`)
    const adminsOwn = await register(admin, `${receiver.url}?admin`)
    receiver.behaviour = () => ({ kind: 'status', status: 500 })
    await book()
    const disabled = await eventually(async () => {
      const row = (await listed()).find((e) => e.id === endpoint.id)
      expect(row?.enabled).toBe(false)
      return row
    }, DISABLE_AFTER_MS + 15_000)
    // This test's endpoints' notices (an earlier test's disabled endpoint told the provider too).
    const notices = async (client: ApiClient) => {
      const res = await client.get('/api/notifications')
      expect(res.status).toBe(200)
      return (res.body as Notification[]).filter(
        (n) => n.kind === 'WEBHOOK_DISABLED' && [endpoint.url, adminsOwn.url].includes(n.serviceName ?? ''),
      )
    }
    const [notice, ...more] = await notices(provider)
    expect(more).toEqual([])
    expect(notice).toMatchObject({
      slotId: null,
      bookingId: null,
      serviceName: endpoint.url,
      startTime: disabled?.failingSince,
      reason: 'HTTP 500',
      readAt: null,
    })
    expect(notificationText(notice as Notification, (iso) => `<${iso}>`)).toBe(
      `Your webhook endpoint ${endpoint.url} was turned off after failing since <${disabled?.failingSince}>: HTTP 500. Turn it on again under Webhooks once the receiver works.`,
    )
    // The admin's own endpoint was subscribed to nothing that happened: no notice for them.
    expect((await listed(admin)).find((e) => e.id === adminsOwn.id)?.enabled).toBe(true)
    expect(await notices(admin)).toEqual([])
    // Written once: the failures that follow on a disabled endpoint tell nobody again.
    await book()
    expect(await notices(provider)).toHaveLength(1)
  }, 60_000)
})

describe('migration 027 on endpoints registered twice before it', () => {
  let test: TestDatabase | undefined
  afterAll(async () => {
    await test?.dispose()
  })

  it('keeps every endpoint, marks the later ones, and guards the URL from then on', async () => {
    test = await openTestDatabase({ migrateUntil: '026_member_management.sql' })
    const { db } = test
    const providerId = randomUUID()
    await db.query(
      `INSERT INTO users (id, email, name, role, password_hash)
       VALUES ($1, $2, 'Old provider', 'provider', 'not-a-hash')`,
      [providerId, `old-${providerId}@example.test`],
    )
    const ids: string[] = []
    for (const url of [
      'http://127.0.0.1:3633/hook',
      'http://127.0.0.1:3633/hook',
      'http://127.0.0.1:3633/other',
    ]) {
      const id = randomUUID()
      ids.push(id)
      await db.query(
        `INSERT INTO webhook_endpoints (id, provider_id, url, events, secret, created_at)
         VALUES ($1, $2, $3, ARRAY['booking.created'], 'whsec_old', now() + $4 * interval '1 second')`,
        [id, providerId, url, ids.length],
      )
    }
    const applied = await migrate(db)
    expect(applied).toContain('027_webhook_endpoint_urls_and_log_history.sql')
    const { rows } = await db.query<{ id: string; registered_twice: boolean }>(
      'SELECT id, registered_twice FROM webhook_endpoints ORDER BY created_at',
    )
    expect(rows).toEqual([
      { id: ids[0], registered_twice: false },
      { id: ids[1], registered_twice: true },
      { id: ids[2], registered_twice: false },
    ])
    await expect(
      db.query(
        `INSERT INTO webhook_endpoints (id, provider_id, url, events, secret)
         VALUES ($1, $2, 'http://127.0.0.1:3633/hook', ARRAY['booking.created'], 'whsec_new')`,
        [randomUUID(), providerId],
      ),
    ).rejects.toMatchObject({ code: '23505' })
  })
})

describe('migration 033 on endpoints disabled automatically before it', () => {
  let test: TestDatabase | undefined
  afterAll(async () => {
    await test?.dispose()
  })

  it('reads the facts back from the reason the server wrote, for the page to word in the reader’s zone', async () => {
    const migrations = readdirSync(fileURLToPath(new URL('../../server/db/migrations/', import.meta.url)))
      .filter((name) => name.endsWith('.sql'))
      .sort()
    const before033 = migrations[migrations.findIndex((name) => name.startsWith('033_')) - 1]
    test = await openTestDatabase({ migrateUntil: before033 })
    const { db } = test
    const providerId = randomUUID()
    await db.query(
      `INSERT INTO users (id, email, name, role, password_hash)
       VALUES ($1, $2, 'Old provider', 'provider', 'not-a-hash')`,
      [providerId, `old-${providerId}@example.test`],
    )
    const reasons = [
      'disabled automatically after 3 hours of failures: failing continuously since 2026-11-28T00:03:33Z (last error: connect ECONNREFUSED (127.0.0.1:9))',
      'disabled by Dr Lee, a provider',
    ]
    const ids: string[] = []
    for (const reason of reasons) {
      const id = randomUUID()
      ids.push(id)
      await db.query(
        `INSERT INTO webhook_endpoints (id, provider_id, url, events, secret, enabled, disabled_reason)
         VALUES ($1, $2, $3, ARRAY['booking.created'], 'whsec_old', false, $4)`,
        [id, providerId, `http://127.0.0.1:9/${id}`, reason],
      )
    }
    expect(await migrate(db)).toContain('033_webhook_automatic_disabling.sql')
    const { rows } = await db.query<{
      id: string
      disabled_failing_since: Date | null
      disabled_last_error: string | null
      disabled_after_ms: string | null
    }>(
      `SELECT id, disabled_failing_since, disabled_last_error, disabled_after_ms::text AS disabled_after_ms
       FROM webhook_endpoints WHERE id = ANY ($1::uuid[])`,
      [ids],
    )
    const byId = new Map(rows.map((row) => [row.id, row]))
    expect(byId.get(ids[0] ?? '')).toMatchObject({
      disabled_last_error: 'connect ECONNREFUSED (127.0.0.1:9)',
      disabled_after_ms: String(3 * 3_600_000),
    })
    expect(byId.get(ids[0] ?? '')?.disabled_failing_since?.toISOString()).toBe('2026-11-28T00:03:33.000Z')
    // A member's disabling has no such facts.
    expect(byId.get(ids[1] ?? '')).toMatchObject({
      disabled_failing_since: null,
      disabled_last_error: null,
      disabled_after_ms: null,
    })
  })
})
