/**
 * withSavepoint on both engines: a refusal undoes the writes made under it although the transaction
 * commits; an acceptance keeps them; savepoints nest; an exception still fails the transaction.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accepted, refused } from '../../shared/errors.js'
import type { Database, Queryable } from '../../server/db/database.js'
import { withSavepoint } from '../../server/db/savepoint.js'
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase.js'

let testDb: TestDatabase
let db: Database
beforeAll(async () => {
  testDb = await openTestDatabase()
  db = testDb.db
  await db.exec('CREATE TABLE savepoint_probe (id uuid PRIMARY KEY)')
})
afterAll(async () => {
  await testDb?.dispose()
})

const write = (tx: Queryable, id: string) => tx.query('INSERT INTO savepoint_probe (id) VALUES ($1)', [id])
const stored = async (id: string) =>
  (await db.query('SELECT 1 FROM savepoint_probe WHERE id = $1', [id])).rowCount === 1

describe('withSavepoint', () => {
  it('a refusal undoes the writes made under it; the transaction still commits the rest', async () => {
    const before = randomUUID()
    const under = randomUUID()
    const outcome = await db.transaction(async (tx) => {
      await write(tx, before)
      return withSavepoint(tx, async (inner) => {
        await write(inner, under)
        return refused('SLOT_FULL')
      })
    })
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'SLOT_FULL' } })
    expect(await stored(before)).toBe(true)
    expect(await stored(under)).toBe(false)
  })

  it('an acceptance keeps them', async () => {
    const id = randomUUID()
    await db.transaction((tx) =>
      withSavepoint(tx, async (inner) => {
        await write(inner, id)
        return accepted(id)
      }),
    )
    expect(await stored(id)).toBe(true)
  })

  it('nests: an inner refusal undoes only the inner writes', async () => {
    const outer = randomUUID()
    const inner = randomUUID()
    await db.transaction((tx) =>
      withSavepoint(tx, async (t1) => {
        await write(t1, outer)
        await withSavepoint(t1, async (t2) => {
          await write(t2, inner)
          return refused('SLOT_FULL')
        })
        return accepted(null)
      }),
    )
    expect(await stored(outer)).toBe(true)
    expect(await stored(inner)).toBe(false)
  })

  it('an exception still fails the whole transaction', async () => {
    const id = randomUUID()
    await expect(
      db.transaction((tx) =>
        withSavepoint(tx, async (inner) => {
          await write(inner, id)
          throw new Error('boom')
        }),
      ),
    ).rejects.toThrow('boom')
    expect(await stored(id)).toBe(false)
  })
})
