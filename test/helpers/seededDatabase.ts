/**
 * One fresh test database with the fixtures for a whole test file, for tests that call the domain
 * functions directly (no server). Opened in beforeAll, dropped in afterAll.
 */
import { afterAll, beforeAll } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { type TestDatabase, openTestDatabase } from './testDatabase.js'
import { type TestFixtures, createFixtures } from './testFixtures.js'

export interface SeededDatabase {
  db: Database
  seed: TestFixtures
}

/** Registers the file's hooks; `ready` receives the database once it is open and seeded. */
export function seededDatabaseForFile(ready: (opened: SeededDatabase) => void): void {
  let testDb: TestDatabase | undefined
  beforeAll(async () => {
    testDb = await openTestDatabase()
    const seed = await createFixtures(testDb.db)
    ready({ db: testDb.db, seed })
  })
  afterAll(async () => {
    await testDb?.dispose()
  })
}
