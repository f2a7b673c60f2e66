/**
 * Marking notifications read is a local write of `readAt`, pushed by replication; the server keeps
 * the first read, and every other device of the user pulls it.
 */
import type { ClientDatabase } from './database.js'

export interface NotificationActions {
  markRead(id: string): Promise<void>
  markAllRead(): Promise<void>
}

export function notificationActions(
  db: ClientDatabase,
  clock: () => Date = () => new Date(),
): NotificationActions {
  return {
    async markRead(id) {
      const doc = await db.notifications.findOne(id).exec()
      if (!doc || doc.readAt !== null) return
      await doc.incrementalPatch({ readAt: clock().toISOString(), localPending: true })
    },
    async markAllRead() {
      const unread = await db.notifications.find({ selector: { readAt: null } }).exec()
      const readAt = clock().toISOString()
      await Promise.all(unread.map((doc) => doc.incrementalPatch({ readAt, localPending: true })))
    },
  }
}
