/**
 * Opens the device's RxDB database on IndexedDB through RxDB's Dexie storage. In Node (tests,
 * headless devices) the caller passes fake-indexeddb's factory and key range. Dev-mode (schema and
 * query checks, plus a validating storage, which dev-mode requires) is for tests and development only.
 */
import {
  type DexieSettings,
  type RxCollection,
  type RxDatabase,
  type RxStorage,
  addRxPlugin,
  createRxDatabase,
} from 'rxdb'
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election'
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import type { NotificationDoc } from '../../shared/notifications.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import type { WaitlistDoc } from '../../shared/waitlist.js'
import { bookingConflictHandler, slotConflictHandler } from './conflictHandler.js'
import { providerChangeLog } from './providerChanges.js'
import {
  bookingMigrationStrategies,
  bookingRxSchema,
  notificationMigrationStrategies,
  notificationRxSchema,
  slotMigrationStrategies,
  slotRxSchema,
  waitlistRxSchema,
} from './documentSchemas.js'

export type SlotCollection = RxCollection<SlotDoc>
export type BookingCollection = RxCollection<BookingDoc>
export type WaitlistCollection = RxCollection<WaitlistDoc>
export type NotificationCollection = RxCollection<NotificationDoc>
export interface ClientCollections {
  slots: SlotCollection
  bookings: BookingCollection
  waitlist: WaitlistCollection
  notifications: NotificationCollection
}
export type ClientDatabase = RxDatabase<ClientCollections>

export interface ClientDatabaseOptions {
  /** One database per signed-in user (a device shared by two users keeps their data apart). */
  name: string
  /** Node: fake-indexeddb's `new IDBFactory()` and `IDBKeyRange`; the browser's own when absent. */
  indexedDB?: unknown
  IDBKeyRange?: unknown
  /** Browser tabs share one database; only the elected leader tab replicates. */
  multiInstance?: boolean
  devMode?: boolean
}

export async function openClientDatabase(options: ClientDatabaseOptions): Promise<ClientDatabase> {
  addRxPlugin(RxDBLeaderElectionPlugin)
  addRxPlugin(RxDBLocalDocumentsPlugin)
  addRxPlugin(RxDBMigrationSchemaPlugin)
  const dexieSettings = options.indexedDB
    ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange }
    : {}
  let storage = getRxStorageDexie(dexieSettings as DexieSettings) as RxStorage<unknown, unknown>
  if (options.devMode) storage = await withDevMode(storage)
  const db = await createRxDatabase<ClientCollections>({
    name: options.name,
    storage,
    multiInstance: options.multiInstance ?? false,
    // Another open of the same database (e.g. React strict mode, hot reload) closes the older one.
    closeDuplicates: true,
    // Device-only records that are not replicated (e.g. when replication last reached the server).
    localDocuments: true,
  })
  // The conflict handlers record refused provider changes in the device's change log.
  const changeLog = providerChangeLog(db)
  await db.addCollections({
    slots: {
      schema: slotRxSchema,
      migrationStrategies: slotMigrationStrategies,
      conflictHandler: slotConflictHandler(changeLog),
    },
    bookings: {
      schema: bookingRxSchema,
      migrationStrategies: bookingMigrationStrategies,
      conflictHandler: bookingConflictHandler(changeLog),
    },
    // The server's state always wins for these (RxDB's default handler): a device's entry or
    // read mark is an intent the server answers.
    waitlist: { schema: waitlistRxSchema },
    notifications: { schema: notificationRxSchema, migrationStrategies: notificationMigrationStrategies },
  })
  return db
}

async function withDevMode(storage: RxStorage<unknown, unknown>): Promise<RxStorage<unknown, unknown>> {
  const [{ RxDBDevModePlugin, disableWarnings }, { wrappedValidateAjvStorage }] = await Promise.all([
    import('rxdb/plugins/dev-mode'),
    import('rxdb/plugins/validate-ajv'),
  ])
  disableWarnings()
  addRxPlugin(RxDBDevModePlugin)
  return wrappedValidateAjvStorage({ storage }) as RxStorage<unknown, unknown>
}
