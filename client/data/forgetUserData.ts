/**
 * Sign-out's second half: deletes the user's local database (slots, bookings, unsynced changes)
 * from this device, so the next person at it sees nothing of theirs. Call after <DataProvider>
 * has unmounted (it closes the database). Added beside the data layer for the sign-out flow.
 */
import { removeRxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { databaseNameFor } from './DataProvider.js'

export async function removeUserDatabase(userId: string): Promise<void> {
  const name = databaseNameFor(userId)
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
