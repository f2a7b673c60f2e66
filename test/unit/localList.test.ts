/**
 * A list in a local document (client/data/localList.ts) written by two tabs at once: two RxDB
 * instances of one database on one IndexedDB, as two tabs of the app are. Every change of each is
 * kept: a write is a change applied to the latest stored list, not the list a tab read before.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { type RxDatabase, addRxPlugin, createRxDatabase } from 'rxdb'
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode'
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv'
import { afterEach, expect, it } from 'vitest'
import type { ClientDatabase } from '../../client/data/database.js'
import { localList } from '../../client/data/localList.js'
import { eventually } from '../helpers/eventually.js'

const opened: RxDatabase[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()))
})

async function tab(indexedDB: IDBFactory, name: string): Promise<ClientDatabase> {
  disableWarnings()
  addRxPlugin(RxDBDevModePlugin)
  addRxPlugin(RxDBLocalDocumentsPlugin)
  const db = await createRxDatabase({
    name,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) }),
    multiInstance: true,
    // Two instances of one database in one process, as two tabs would have (dev-mode allows it).
    ignoreDuplicate: true,
    localDocuments: true,
  })
  opened.push(db)
  return db as unknown as ClientDatabase
}

it('two tabs adding to the list at once keep every item', async () => {
  const indexedDB = new IDBFactory()
  const name = `tabs${Date.now()}`
  const [one, two] = [await tab(indexedDB, name), await tab(indexedDB, name)]
  const [listOne, listTwo] = [localList<string>(one, 'outbox'), localList<string>(two, 'outbox')]
  const writes: Promise<void>[] = []
  for (let i = 0; i < 10; i++) {
    writes.push(listOne.update((list) => [...list, `one-${i}`]))
    writes.push(listTwo.update((list) => [...list, `two-${i}`]))
  }
  await Promise.all(writes)

  const expected = Array.from({ length: 10 }, (_, i) => [`one-${i}`, `two-${i}`])
    .flat()
    .sort()
  // Each tab hears of the other's last writes a moment later (RxDB's cross-tab channel).
  await eventually(async () => {
    expect([...(await listOne.current())].sort()).toEqual(expected)
    expect([...(await listTwo.current())].sort()).toEqual(expected)
  }, 5000)
})
