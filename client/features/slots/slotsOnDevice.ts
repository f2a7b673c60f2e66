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

type DeviceSync = Pick<SyncStatus, 'online' | 'connecting' | 'lastSyncedAt'>

/**
 * Offline (not connecting) in an organisation that no request of this device's replication has ever
 * synced: the device holds nothing of it from the server, so an empty list there says nothing (the
 * week's slots, and My bookings: a walk read "No bookings yet" of a customer with a booking there).
 */
export function notSyncedOffline(status: DeviceSync): boolean {
  return !status.online && !status.connecting && status.lastSyncedAt === null
}

export function slotsOnDevice(status: DeviceSync, beyondStored: boolean): SlotsOnDevice {
  if (status.online || status.connecting) return 'known'
  if (notSyncedOffline(status)) return 'notSynced'
  return beyondStored ? 'beyondStored' : 'known'
}

/** Whether the device, offline, has never synced the current organisation (notSyncedOffline). */
export function useNotSyncedOffline(): boolean {
  return notSyncedOffline(useSyncStatus())
}

/** What the device can say about the slots until `to` (an instant). */
export function useSlotsOnDevice(to: string): SlotsOnDevice {
  const beyondStored = useBeyondStoredCopy(to)
  return slotsOnDevice(useSyncStatus(), beyondStored)
}
