/**
 * Notifications as replicated documents: each user receives their own, on every device. A device
 * pushes only two intents: `readAt` set (marked read; the first read wins, so no conflict between
 * devices) and `_deleted` (dismissed). Everything else in a pushed document is ignored.
 * Retention pruning turns old rows into tombstones, which devices pull as deletions.
 */
import {
  type NotificationPushRow,
  NotificationPushRow as PushRow,
  type NotificationWireDoc,
} from '../../shared/notifications.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import {
  NOTIFICATION_COLUMNS,
  type NotificationRow,
  dismissNotification,
  markNotificationRead,
  notificationFromRow,
} from '../domain/notifications.js'
import type { ChangeSource } from './pullChanges.js'
import type { ReplicatedCollection } from './replicatedCollection.js'

type NotificationDocRow = NotificationRow & { rev: string }

const notificationSource: ChangeSource<NotificationDocRow> = {
  alias: 'n',
  select: `${NOTIFICATION_COLUMNS}, n.change_xid::text AS rev`,
  from: 'notifications n',
  scope: { customer: 'n.user_id = $1', provider: 'n.user_id = $1' },
  toDocument: notificationDocument,
}

function notificationDocument(row: NotificationDocRow): NotificationWireDoc {
  const { deleted, ...notification } = notificationFromRow(row)
  return { ...notification, rev: row.rev, _deleted: deleted }
}

async function readNotificationDocument(
  tx: Queryable,
  actor: Actor,
  id: string,
): Promise<NotificationWireDoc | null> {
  const { rows } = await tx.query<NotificationDocRow>(
    `SELECT ${notificationSource.select} FROM notifications n WHERE n.id = $2 AND (${notificationSource.scope[actor.role]})`,
    [actor.userId, id],
  )
  return rows[0] ? notificationDocument(rows[0]) : null
}

async function applyNotificationPush(
  tx: Queryable,
  actor: Actor,
  row: NotificationPushRow,
): Promise<NotificationWireDoc> {
  const next = row.newDocumentState
  const current = await readNotificationDocument(tx, actor, next.id)
  // Not theirs, or unknown: the device drops it.
  if (!current) return { ...next, _deleted: true }
  if (next._deleted && !current._deleted) await dismissNotification(tx, actor, next.id)
  else if (next.readAt !== null && current.readAt === null)
    await markNotificationRead(tx, actor, next.id, next.readAt)
  return (await readNotificationDocument(tx, actor, next.id)) ?? current
}

export const notificationsCollection: ReplicatedCollection<NotificationDocRow, NotificationPushRow> = {
  name: 'notifications',
  source: notificationSource,
  pushRow: PushRow,
  applyPush: applyNotificationPush,
}
