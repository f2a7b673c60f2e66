/**
 * Sign-out's second half: deletes the user's local database (slots, bookings, unsynced changes)
 * from this device, so the next person at it sees nothing of theirs. Call after <DataProvider>
 * has unmounted (it closes the database). Added beside the data layer for the sign-out flow.
 */
import { removeRxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { databaseNameFor } from './DataProvider.js'

/** Every database of the user on this device: one per organisation, and the one from before organisations. */
export async function removeUserDatabases(userId: string, organisationIds: readonly string[]): Promise<void> {
  for (const organisationId of [undefined, ...organisationIds]) {
    await removeUserDatabase(databaseNameFor(userId, organisationId))
  }
}

async function removeUserDatabase(name: string): Promise<void> {
  await removeRxDatabase(name, getRxStorageDexie())
  // RxDB's Dexie storage empties its tables but leaves one IndexedDB database per collection behind.
  const prefix = `rxdb-dexie-${name}--`
  const leftovers = (await indexedDB.databases()).flatMap((db) =>
    db.name?.startsWith(prefix) ? [db.name] : [],
  )
  await Promise.all(leftovers.map(deleteIndexedDb))
}

function deleteIndexedDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error)
    // Another tab still has it open: it goes once that tab closes; do not hold up sign-out.
    request.onblocked = () => resolve()
  })
}
