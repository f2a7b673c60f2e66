/**
 * Whether the device can answer for the slots up to an instant without the server, so that a page
 * never says "nothing published" or "Nothing free soon" about slots it does not hold. Online (or while
 * the first connection is under way) the server's window answers. Otherwise the stored copy is all
 * there is: it holds nothing in an organisation this device has never synced (a walk switched
 * organisation offline and read "No later slots are published yet." about a tutor with slots every
 * day), and only the weeks up to its horizon in one it has.
 */
import { type SyncStatus, useBeyondStoredCopy, useSyncStatus } from '../../data/index.js'

/** 'known': what the device shows is all there is; else why it cannot know. */
export type SlotsOnDevice = 'known' | 'beyondStored' | 'notSynced'

export function slotsOnDevice(
  status: Pick<SyncStatus, 'online' | 'connecting' | 'lastSyncedAt'>,
  beyondStored: boolean,
): SlotsOnDevice {
  if (status.online || status.connecting) return 'known'
  // No request of this organisation's replication has ever reached the server: nothing is stored.
  if (status.lastSyncedAt === null) return 'notSynced'
  return beyondStored ? 'beyondStored' : 'known'
}

/** What the device can say about the slots until `to` (an instant). */
export function useSlotsOnDevice(to: string): SlotsOnDevice {
  const beyondStored = useBeyondStoredCopy(to)
  return slotsOnDevice(useSyncStatus(), beyondStored)
}
