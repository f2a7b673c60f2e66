/** The replicated collections, by name: the one table the endpoints dispatch on. */
import type { CollectionName } from '../../shared/replication.js'
import type { Role } from '../../shared/schemas.js'
import { bookingsCollection } from './bookingDocuments.js'
import { notificationsCollection } from './notificationDocuments.js'
import { pullStatement } from './pullChanges.js'
import type { AnyReplicatedCollection } from './replicatedCollection.js'
import { slotsCollection } from './slotDocuments.js'
import { waitlistCollection } from './waitlistDocuments.js'

export const replicatedCollections: Record<CollectionName, AnyReplicatedCollection> = {
  slots: slotsCollection as unknown as AnyReplicatedCollection,
  bookings: bookingsCollection as unknown as AnyReplicatedCollection,
  waitlist: waitlistCollection as unknown as AnyReplicatedCollection,
  notifications: notificationsCollection as unknown as AnyReplicatedCollection,
}

/** Each collection's pull SQL per role, built once at start-up from constants. */
export const pullStatements: Record<CollectionName, Record<Role, string>> = Object.fromEntries(
  Object.entries(replicatedCollections).map(([name, collection]) => [
    name,
    {
      customer: pullStatement(collection.source, 'customer'),
      provider: pullStatement(collection.source, 'provider'),
    },
  ]),
) as Record<CollectionName, Record<Role, string>>
