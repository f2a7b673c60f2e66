/** GET /metrics: scraped the way Prometheus does, parsed, and checked against the traffic sent. */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseExposition } from '../helpers/prometheusText.js'
import { newBookingDoc, readEventStream } from '../helpers/replicationDocs.js'
import { defaultConfig } from '../../server/config.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { type TestServer, startServerOn, startTestServer } from '../helpers/testServer.js'
import { TEST_SERVER_SETTINGS } from '../helpers/testSettings.js'

const METRICS_TOKEN = 'scraper-token-for-tests-0123'

async function scrape(server: TestServer, token?: string) {
  return fetch(`${server.url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
}

describe('the metrics endpoint', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('counts requests by route pattern, status and method, with process and pool metrics', async () => {
    const token = await server.signIn(server.seed.customerA.email)
    const api = server.api(token)
    for (let i = 0; i < 3; i++) expect((await api.get('/api/slots')).status).toBe(200)
    const missing = await api.patch(`/api/bookings/${randomUUID()}`, { status: 'CANCELLED' })
    expect(missing.status).toBe(404)

    const response = await scrape(server, METRICS_TOKEN)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const metrics = parseExposition(await response.text())

    expect(metrics.types.get('http_request_duration_seconds')).toBe('histogram')
    const slotsCount = metrics.value('http_request_duration_seconds_count', {
      method: 'GET',
      route: '/api/slots',
      status_code: '200',
    })
    expect(slotsCount).toBe(3)
    // The pattern, never the id: one series for every booking.
    expect(
      metrics.value('http_request_duration_seconds_count', {
        method: 'PATCH',
        route: '/api/bookings/:id',
        status_code: '404',
      }),
    ).toBe(1)
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-/
    expect(metrics.samples.filter((s) => uuid.test(s.labels.route ?? ''))).toEqual([])
    expect(metrics.value('process_cpu_seconds_total')).toBeGreaterThan(0)
    expect(metrics.types.get('replication_stream_clients')).toBe('gauge')
    if (server.db.kind === 'postgres') {
      expect(metrics.value('db_pool_connections')).toBeGreaterThan(0)
    }
  })

  it('counts booking outcomes by entry point, replication sizes, open streams and the feed lag', async () => {
    const customer = await server.seed.createCustomer()
    const token = await server.signIn(customer.email)
    const api = server.api(token)
    const last = await server.seed.createSlot({ maxBookings: 1 })
    const full = await server.seed.createSlot({ maxBookings: 1 })
    expect(
      (
        await server
          .api(await server.signIn(server.seed.customerB.email))
          .post('/api/bookings', { slotId: full.id, notes: '' })
      ).status,
    ).toBe(201)

    expect((await api.post('/api/bookings', { slotId: full.id, notes: '' })).status).toBe(409)
    const pushed = await api.post('/api/replication/bookings/push', [
      { newDocumentState: newBookingDoc(last, customer.id) },
      { newDocumentState: newBookingDoc(full, customer.id) },
    ])
    expect(pushed.status).toBe(200)
    expect((await api.get('/api/replication/slots/pull?batchSize=50')).status).toBe(200)
    const stream = await readEventStream(`${server.url}/api/replication/stream`, token)
    try {
      await stream.waitFor(/: connected/)
      const metrics = parseExposition(await (await scrape(server, METRICS_TOKEN)).text())
      const outcome = (o: string, via: string) => metrics.value('booking_outcomes_total', { outcome: o, via })
      expect(outcome('SLOT_FULL', 'rest')).toBe(1)
      expect(outcome('accepted', 'replication')).toBe(1)
      expect(outcome('SLOT_FULL', 'replication')).toBe(1)
      expect(
        metrics.value('replication_documents_count', { direction: 'push', collection: 'bookings' }),
      ).toBe(1)
      expect(metrics.value('replication_documents_sum', { direction: 'push', collection: 'bookings' })).toBe(
        2,
      )
      expect(metrics.value('replication_documents_count', { direction: 'pull', collection: 'slots' })).toBe(1)
      expect(metrics.value('replication_stream_clients')).toBe(1)
      const lag = metrics.value('change_feed_lag_seconds')
      expect(lag).toBeGreaterThanOrEqual(0)
      expect(lag).toBeLessThan(5)
    } finally {
      await stream.close()
    }
  })

  it('refuses a scrape without the token, in the documented error shape', async () => {
    for (const token of [undefined, 'wrong-token', `${METRICS_TOKEN}x`]) {
      const response = await scrape(server, token)
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.any(String) })
    }
  })
})

describe('without METRICS_TOKEN', () => {
  it('has no metrics endpoint', async () => {
    const server = await startTestServer()
    try {
      expect((await scrape(server, METRICS_TOKEN)).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  it("answers 404 in the error shape where the web app is served, not the app's page", async () => {
    const clientDir = await mkdtemp(join(tmpdir(), 'client-'))
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>app</title>')
    const server = await startServerOn(
      await openTestDatabase(),
      defaultConfig({ SEED_DEMO: false, ...TEST_SERVER_SETTINGS }),
      clientDir,
    )
    try {
      for (const path of ['/metrics', '/metrics?x=1', '/docs/nothing-here', '/api']) {
        const response = await fetch(`${server.url}${path}`)
        expect(response.status, path).toBe(404)
        expect(await response.json(), path).toMatchObject({ code: 'NOT_FOUND', details: {} })
      }
      // The app's own routes still get its page.
      expect((await fetch(`${server.url}/some/page`)).headers.get('content-type')).toMatch(/text\/html/)
    } finally {
      await server.close()
      await rm(clientDir, { recursive: true, force: true })
    }
  })
})

describe('the Grafana dashboard in ops/grafana', () => {
  it('reads only metrics the server exposes', async () => {
    const { readFile } = await import('node:fs/promises')
    const dashboard = JSON.parse(await readFile('ops/grafana/uniservice-dashboard.json', 'utf8')) as {
      panels: { targets: { expr: string }[] }[]
    }
    const server = await startTestServer({ METRICS_TOKEN })
    try {
      const exposed = parseExposition(await (await scrape(server, METRICS_TOKEN)).text()).types
      const used = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))
      const names = new Set(used.flatMap((expr) => expr.match(/[a-z_]+(?=\{|\[|\))/g) ?? []))
      const families = [...names].filter((n) =>
        /_(total|seconds|bytes|connections|requests|clients|documents|rows)/.test(n),
      )
      expect(families.length).toBeGreaterThan(5)
      for (const name of families) {
        const family = name.replace(/_(bucket|count|sum)$/, '')
        expect(exposed.has(family), `${name} is not exposed`).toBe(true)
      }
    } finally {
      await server.close()
    }
  })
})
