/**
 * Invariant 7, organisation part (issue 9): PostgreSQL row-level security confines the application
 * role to the organisation its transaction names, whatever the SQL says. A deliberately unscoped
 * `SELECT *` of every tenant table through the application role returns only the current
 * organisation's rows, and none when no organisation is named; the role cannot switch row security
 * off, change the policies, or escape into the owner. Runs on both engines; CI runs it on real
 * PostgreSQL, where the application role logs in on its own pool.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { inOrganisation, organisationDatabase, tenantDatabase } from '../../server/db/tenantScope.js'
import { DEFAULT_ORGANISATION_ID } from '../../server/domain/organisations.js'
import { type TestOrganisation, addOrganisation } from '../helpers/organisations.js'
import { eventually } from '../helpers/eventually.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

const APP_ROLE = 'uniservice_app'
const TENANT_TABLES = [
  'services',
  'slots',
  'bookings',
  'waitlist',
  'notifications',
  'audit_log',
  'invitations',
  'booking_series',
  'webhook_endpoints',
  'webhook_events',
  'webhook_deliveries',
]

let server: TestServer
let other: TestOrganisation
let app: Database

/**
 * Bookings, a series, a waitlist entry, their notifications, audit rows and webhook events and
 * deliveries, and an invitation, through the API.
 */
async function activity(seed: TestFixtures): Promise<void> {
  const provider = server.api(await server.signIn(seed.providerA.email))
  const endpoint = { url: 'http://127.0.0.1:9/hooks', events: ['booking.created'] }
  expect((await provider.post('/api/webhooks', endpoint)).status).toBe(201)
  const customer = server.api(await server.signIn(seed.customerA.email))
  expect((await customer.post('/api/bookings', { slotId: seed.slots.single.id })).status).toBe(201)
  const series = { firstSlotId: seed.slots.five.id, weeks: 1, mode: 'BOOK_WHAT_IS_FREE' }
  expect((await customer.post('/api/bookings/series', series)).status).toBe(201)
  const waiter = server.api(await server.signIn(seed.customerB.email))
  expect((await waiter.post(`/api/slots/${seed.slots.single.id}/waitlist`, {})).status).toBe(201)
}

beforeAll(async () => {
  server = await startTestServer()
  other = await addOrganisation(server.db, 'Organisation B')
  await activity(server.seed)
  await activity(other.seed)
  for (const organisationId of [DEFAULT_ORGANISATION_ID, other.id]) {
    await server.db.query(
      `INSERT INTO invitations (id, organisation_id, token_hash, role, created_by, expires_at)
       VALUES (gen_random_uuid(), $1, md5(random()::text), 'customer', $2, now() + interval '1 day')`,
      [organisationId, organisationId === other.id ? other.seed.providerA.id : server.seed.providerA.id],
    )
  }
  // A delivery row is written when the relay takes the change's outbox row (every WEBHOOK_RELAY_MS),
  // not by the change itself: wait for both organisations' deliveries before counting them.
  await eventually(async () => {
    const { rows } = await server.db.query<{ organisations: string }>(
      'SELECT count(DISTINCT organisation_id)::text AS organisations FROM webhook_deliveries',
    )
    expect(rows[0]?.organisations).toBe('2')
  })
  app = server.db.asRole(APP_ROLE)
})
afterAll(async () => {
  await app?.close()
  await server?.close()
})

/** `SELECT * FROM table` as the application role, in `organisationId` ('' = none named). */
async function selectAll(table: string, organisationId: string): Promise<{ organisation_id: string }[]> {
  const { rows } = await app.transaction(
    (tx) => tx.query<{ organisation_id: string }>(`SELECT * FROM ${table}`),
    {
      settings: { 'app.organisation_id': organisationId },
    },
  )
  return rows
}

async function ownerCount(table: string, organisationId: string): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE organisation_id = $1`,
    [organisationId],
  )
  return rows[0]?.n ?? 0
}

describe('an unscoped SELECT through the application role', () => {
  it.each(TENANT_TABLES)('of %s returns exactly the current organisation’s rows', async (table) => {
    for (const organisationId of [DEFAULT_ORGANISATION_ID, other.id]) {
      const rows = await selectAll(table, organisationId)
      const expected = await ownerCount(table, organisationId)
      expect(expected).toBeGreaterThan(0)
      expect(rows).toHaveLength(expected)
      expect(new Set(rows.map((r) => r.organisation_id))).toEqual(new Set([organisationId]))
    }
  })

  it.each(TENANT_TABLES)('of %s returns nothing when no organisation is named', async (table) => {
    expect(await selectAll(table, '')).toEqual([])
  })

  it("through the requests' Database in a request's organisation: only that organisation's bookings", async () => {
    const requests = tenantDatabase(app)
    const rows = await inOrganisation(other.id, () =>
      requests.query<{ organisation_id: string }>('SELECT * FROM bookings'),
    )
    expect(rows.rows.length).toBeGreaterThan(0)
    expect(new Set(rows.rows.map((r) => r.organisation_id))).toEqual(new Set([other.id]))
    // Outside any scope the same Database names no organisation: nothing.
    expect((await requests.query('SELECT * FROM bookings')).rows).toEqual([])
  })
})

describe('the application role cannot get around the policies', () => {
  const inA = { settings: { 'app.organisation_id': DEFAULT_ORGANISATION_ID } }

  it('cannot write a row into another organisation', async () => {
    await expect(
      app.transaction(
        (tx) =>
          tx.query(`UPDATE slots SET organisation_id = $1 WHERE id = $2`, [
            other.id,
            server.seed.slots.five.id,
          ]),
        inA,
      ),
    ).rejects.toThrow(/row-level security/)
    await expect(
      app.transaction(
        (tx) =>
          tx.query(
            `INSERT INTO services (id, provider_id, name, duration_minutes, organisation_id)
             VALUES (gen_random_uuid(), $1, 'smuggled', 30, $2)`,
            [server.seed.providerA.id, other.id],
          ),
        inA,
      ),
    ).rejects.toThrow(/row-level security/)
  })

  it('cannot switch row security off: the query fails instead of bypassing', async () => {
    await expect(
      app.transaction(async (tx) => {
        await tx.query('SET LOCAL row_security = off')
        return tx.query('SELECT * FROM bookings')
      }, inA),
    ).rejects.toThrow(/row-level security/)
  })

  it.each([
    'ALTER TABLE bookings DISABLE ROW LEVEL SECURITY',
    'ALTER TABLE bookings NO FORCE ROW LEVEL SECURITY',
    'DROP POLICY tenant_isolation ON bookings',
    'ALTER POLICY tenant_isolation ON bookings USING (true)',
    'CREATE POLICY open_door ON bookings USING (true)',
  ])('cannot change the policies: %s', async (statement) => {
    await expect(app.transaction((tx) => tx.query(statement), inA)).rejects.toThrow(/must be owner/)
  })

  it('is neither superuser nor BYPASSRLS, and owns no table', async () => {
    const { rows } = await app.transaction(
      (tx) =>
        tx.query<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>(
          `SELECT r.rolsuper, r.rolbypassrls,
                  (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned
           FROM pg_roles r WHERE r.rolname = current_user`,
        ),
      inA,
    )
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owned: 0 }])
  })

  it.runIf(onRealPostgres)('logs in as itself on PostgreSQL and cannot become the owner', async () => {
    const { rows } = await app.query<{ session_user: string }>('SELECT session_user')
    expect(rows[0]?.session_user).toBe(APP_ROLE)
    await expect(app.query('SET ROLE postgres')).rejects.toThrow(/permission denied/)
  })
})

/**
 * On PostgreSQL the organisation is a session setting of the pooled connection, changed only when a
 * connection is used in another scope (Database.scoped). A connection must never carry one
 * organisation into the next use: another organisation's, an unscoped one's, or the owner's system
 * work. Sequential uses reuse the pool's last connection; the backend pid shows it is the same one.
 */
describe('a pooled connection carries no organisation into its next use', () => {
  const SEEN = `SELECT pg_backend_pid() AS pid,
    (SELECT array_agg(DISTINCT organisation_id::text ORDER BY organisation_id::text) FROM bookings) AS organisations`
  type Seen = { pid: number; organisations: string[] | null }

  it('from one organisation to another, to none, and back', async () => {
    const requests = tenantDatabase(app)
    const seen = (organisationId: string | null) =>
      organisationId
        ? inOrganisation(organisationId, () => requests.query<Seen>(SEEN))
        : requests.query<Seen>(SEEN)
    const inA = (await seen(DEFAULT_ORGANISATION_ID)).rows[0] as Seen
    const inB = (await seen(other.id)).rows[0] as Seen
    const inNone = (await seen(null)).rows[0] as Seen
    const againA = (await seen(DEFAULT_ORGANISATION_ID)).rows[0] as Seen
    expect(new Set([inA.pid, inB.pid, inNone.pid, againA.pid]).size).toBe(1)
    expect(inA.organisations).toEqual([DEFAULT_ORGANISATION_ID])
    expect(inB.organisations).toEqual([other.id])
    expect(inNone.organisations).toBeNull()
    expect(againA.organisations).toEqual([DEFAULT_ORGANISATION_ID])
  })

  it('after a transaction that failed in another organisation', async () => {
    const requests = tenantDatabase(app)
    await expect(
      inOrganisation(other.id, () =>
        requests.transaction(async (tx) => {
          await tx.query('SELECT 1')
          throw new Error('the work failed')
        }),
      ),
    ).rejects.toThrow('the work failed')
    const { rows } = await inOrganisation(DEFAULT_ORGANISATION_ID, () => requests.query<Seen>(SEEN))
    expect(rows[0]?.organisations).toEqual([DEFAULT_ORGANISATION_ID])
  })

  it.runIf(onRealPostgres)(
    'a script that fails inside its own transaction leaves none for the next use',
    async () => {
      // pg-boss creates its schema with such a script; two processes racing made one fail midway.
      await expect(server.db.exec('BEGIN; SELECT 1 / 0; COMMIT')).rejects.toThrow(/division by zero/)
      const { rows } = await server.db.query<{ one: number }>('SELECT 1 AS one')
      expect(rows).toEqual([{ one: 1 }])
    },
  )

  it.runIf(onRealPostgres)(
    'a transaction whose ROLLBACK failed does not hand its connection to the next use',
    async () => {
      const before = (await server.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]
      // The work fails, then so does its ROLLBACK (as on a connection that broke in between).
      const realQuery = pg.Client.prototype.query
      const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
        this: pg.Client,
        ...args: unknown[]
      ) {
        if (args[0] === 'ROLLBACK') return Promise.reject(new Error('connection lost during ROLLBACK'))
        return (realQuery as (...a: unknown[]) => unknown).apply(this, args)
      } as typeof realQuery)
      try {
        await expect(
          server.db.transaction(async (tx) => {
            await tx.query('SELECT 1')
            throw new Error('the work failed')
          }),
        ).rejects.toThrow('the work failed')
      } finally {
        spy.mockRestore()
      }
      // The pool's last connection was the one that failed: the next use gets another.
      const after = (await server.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]
      expect(after?.pid).toBeDefined()
      expect(after?.pid).not.toBe(before?.pid)
    },
  )

  it("the owner's pool: seeding in one organisation, then system work names none", async () => {
    // The owner (a superuser in CI) is not confined by the policies; what it names is the test.
    const NAMED = "SELECT pg_backend_pid() AS pid, current_setting('app.organisation_id', true) AS named"
    type Named = { pid: number; named: string | null }
    const seeding = (await organisationDatabase(server.db, other.id).query<Named>(NAMED)).rows[0] as Named
    const system = (await server.db.query<Named>(NAMED)).rows[0] as Named
    expect(seeding.named).toBe(other.id)
    expect(system.named ?? '').toBe('')
    if (onRealPostgres) expect(system.pid).toBe(seeding.pid)
  })
})
