/**
 * shared/replication.ts visibleInSnapshot (how the client orders the states of a row that arrived
 * during a push, client/data/inFlightArrivals.ts) says what PostgreSQL's pg_visible_in_snapshot
 * says, for random snapshots and transaction ids (PGlite, or PostgreSQL with DATABASE_URL).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { visibleInSnapshot } from '../../shared/replication.js'
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase.js'

let database: TestDatabase
beforeAll(async () => {
  database = await openTestDatabase()
})
afterAll(async () => {
  await database?.dispose()
})

const snapshotAndXid = fc
  .record({
    xmin: fc.bigInt({ min: 3n, max: 2n ** 31n }),
    span: fc.bigInt({ min: 0n, max: 12n }),
    picks: fc.array(fc.bigInt({ min: 0n, max: 11n }), { maxLength: 6 }),
    offset: fc.bigInt({ min: -3n, max: 15n }),
  })
  .map(({ xmin, span, picks, offset }) => {
    const xmax = xmin + span
    const xip = [...new Set(picks.map((p) => xmin + p).filter((x) => x < xmax))].sort((a, b) =>
      a < b ? -1 : 1,
    )
    const snapshot = `${xip.length > 0 ? xip[0] : xmax}:${xmax}:${xip.join(',')}`
    const xid = xmin + offset > 0n ? xmin + offset : 1n
    return { snapshot, xid: String(xid) }
  })

describe('visibleInSnapshot', () => {
  it('agrees with pg_visible_in_snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(snapshotAndXid, { minLength: 1, maxLength: 50 }), async (cases) => {
        const { rows } = await database.db.query<{ visible: boolean }>(
          `SELECT pg_visible_in_snapshot(x::xid8, s::pg_snapshot) AS visible
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(x, s, n) ORDER BY n`,
          [cases.map((c) => c.xid), cases.map((c) => c.snapshot)],
        )
        expect(rows.map((r) => r.visible)).toEqual(cases.map((c) => visibleInSnapshot(c.xid, c.snapshot)))
      }),
      { numRuns: 40 },
    )
  })
})
