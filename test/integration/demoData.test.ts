/**
 * The demo data set `npm start` loads (server/seed/demoData.ts, demoHistory.ts): each demo provider
 * opens Insights on a business with a past (completed bookings, revenue, cancellations by both sides,
 * in this period and the one before), and the history keeps the invariants the domain commands keep:
 * every counter equals its slot's active bookings (invariant 1), no past booking holds a seat, every
 * row belongs to its provider's organisation. Seeding twice adds nothing.
 */
import { TZDate } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { organisationDatabase } from '../../server/db/tenantScope.js'
import { providerInsights } from '../../server/domain/insights.js'
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, seedDemoData } from '../../server/seed/demoData.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { type TestDatabase, openTestDatabase } from '../helpers/testDatabase.js'

let testDb: TestDatabase
let db: Database
const now = new Date()

beforeAll(async () => {
  testDb = await openTestDatabase()
  db = testDb.db
  expect(await seedDemoData(db, now)).toBe(true)
})
afterAll(async () => {
  await testDb?.dispose()
})

const providers = DEMO_ACCOUNTS.filter((a) => a.role === 'provider')

async function providerContext(email: string) {
  const { rows } = await db.query<{ id: string; organisation_id: string }>(
    `SELECT u.id, m.organisation_id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = $1`,
    [email],
  )
  const row = rows[0]
  if (!row) throw new Error(`no demo provider ${email}`)
  return row
}

describe('the demo data set', () => {
  it.each(providers)(
    "gives $email's Insights a past: completed, revenue, cancellations by both sides",
    async (account) => {
      const { id, organisation_id } = await providerContext(account.email)
      const today = new TZDate(now.getTime(), account.timeZone)
      const query = { from: format(addDays(today, -29), 'yyyy-MM-dd'), to: format(today, 'yyyy-MM-dd') }
      const actor = {
        userId: id,
        role: 'provider' as const,
        organisationId: organisation_id,
        organisationRole: 'admin' as const,
      }
      const insights = await organisationDatabase(db, organisation_id).transaction((tx) =>
        providerInsights(tx, actor, id, query),
      )
      if (!insights.ok) throw new Error(insights.refusal.message)
      for (const period of [insights.value.current, insights.value.previous]) {
        expect(period.completed).toBeGreaterThan(50)
        expect(period.cancellations.byCustomer).toBeGreaterThan(0)
        expect(period.cancellations.byProvider).toBeGreaterThan(0)
        expect(period.utilisation.past.used).toBeGreaterThan(0)
        expect(period.utilisation.past.used).toBeLessThanOrEqual(period.utilisation.past.capacity)
        expect(period.revenue[0]?.completed).toBeGreaterThan(0)
      }
      expect(insights.value.daily.current.filter((n) => n > 0).length).toBeGreaterThan(15)
    },
  )

  it('keeps every counter equal to its active bookings, and no past booking holds a seat', async () => {
    expect(await counterMismatches(db)).toEqual([])
    const { rows } = await db.query<{ active_past: number; past: number }>(
      `SELECT count(*) FILTER (WHERE b.status IN ('PENDING', 'CONFIRMED'))::int AS active_past, count(*)::int AS past
       FROM bookings b WHERE b.start_time < now() - interval '1 day'`,
    )
    expect(rows[0]?.past).toBeGreaterThan(300)
    expect(rows[0]?.active_past).toBe(0)
  })

  it("puts each provider's past in the provider's organisation, booked by its members only", async () => {
    const { rows } = await db.query<{ stray: number }>(
      `SELECT count(*)::int AS stray FROM bookings b
       JOIN slots s ON s.id = b.slot_id
       WHERE b.organisation_id <> s.organisation_id
          OR NOT EXISTS (SELECT 1 FROM memberships m
                         WHERE m.user_id = b.customer_id AND m.organisation_id = b.organisation_id)`,
    )
    expect(rows[0]?.stray).toBe(0)
    const { rows: perOrganisation } = await db.query<{ slug: string; past: number }>(
      `SELECT o.slug, count(b.id)::int AS past FROM organisations o
       LEFT JOIN bookings b ON b.organisation_id = o.id AND b.start_time < now()
       WHERE o.slug = ANY ($1::text[])
       GROUP BY o.slug ORDER BY o.slug`,
      [DEMO_ORGANISATIONS.map((o) => o.slug)],
    )
    expect(perOrganisation.map((r) => r.slug).sort()).toEqual(DEMO_ORGANISATIONS.map((o) => o.slug).sort())
    for (const row of perOrganisation) expect(row.past).toBeGreaterThan(100)
  })

  it('adds nothing when the database already has users', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bookings')
    expect(await seedDemoData(db, now)).toBe(false)
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bookings')
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n)
  })
})
