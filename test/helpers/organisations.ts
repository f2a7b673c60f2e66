/** A second organisation for isolation tests: its own providers, customers, services and slots. */
import { randomUUID } from 'node:crypto'
import type { Database } from '../../server/db/database.js'
import { type TestFixtures, createFixtures } from './testFixtures.js'

export interface TestOrganisation {
  id: string
  slug: string
  /** The same fixtures every test file has, in this organisation (users are members of it only). */
  seed: TestFixtures
}

export async function addOrganisation(
  ownerDb: Database,
  name = 'Other organisation',
): Promise<TestOrganisation> {
  const id = randomUUID()
  const slug = `org-${id.slice(0, 8)}`
  await ownerDb.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [id, name, slug])
  return { id, slug, seed: await createFixtures(ownerDb, id) }
}
