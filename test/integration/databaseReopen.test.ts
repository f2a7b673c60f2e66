import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/openDatabase.js'
import { openTestDatabase } from '../helpers/testDatabase.js'

describe('database interface', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('reopens an embedded PGlite data directory without re-running applied migrations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'uniservice-pglite-'))
    dirs.push(dir)
    const first = await openDatabase({ pgliteDataDir: dir })
    await first.query(
      "INSERT INTO users (id, email, name, role, password_hash) VALUES (gen_random_uuid(), 'a@example.com', 'A', 'customer', 'x')",
    )
    await first.close()
    const second = await openDatabase({ pgliteDataDir: dir })
    const users = await second.query('SELECT email FROM users')
    await second.close()
    expect(users.rows).toEqual([{ email: 'a@example.com' }])
  })

  it('counts the rows a SELECT returns and the rows an UPDATE changes, on either engine', async () => {
    const { db, dispose } = await openTestDatabase()
    try {
      expect((await db.query('SELECT version FROM schema_migrations')).rowCount).toBeGreaterThan(0)
      expect((await db.query('SELECT 1 WHERE false')).rowCount).toBe(0)
      expect(
        (await db.query('UPDATE schema_migrations SET applied_at = applied_at')).rowCount,
      ).toBeGreaterThan(0)
    } finally {
      await dispose()
    }
  })
})
