/**
 * What the sync status pill says: the connection's state, then whether the provider's changes are
 * saved. "All changes saved" only when nothing waits to be pushed and nothing the server refused is
 * still listed in "Changes not saved" (RefusedChanges, kept until dismissed): otherwise the pill
 * counts them, and leads to that list.
 */
import type { ProviderChange, SyncStatus } from '../../data/index.js'

export type SyncState = 'connecting' | 'offline' | 'syncing' | 'error' | 'online'

/** The id of the "Changes not saved" list, which the pill's count leads to. */
export const NOT_SAVED_LIST_ID = 'changes-not-saved'

/** The changes listed under "Changes not saved": refused, or replaced before they were sent. */
export function listedAsNotSaved(change: Pick<ProviderChange, 'state'>): boolean {
  return change.state !== 'queued'
}

const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`

export interface SyncWords {
  state: SyncState
  headline: string
  /** The connection in words for the screen reader's status region. */
  announcement: string
  /** "2 changes waiting", or null when none wait. */
  waiting: string | null
  /** "2 changes not saved", or null when none are listed. */
  notSaved: string | null
  /** "all changes saved", only when none wait and none are listed as not saved. */
  saved: string | null
}

const HEADLINES: Readonly<Record<SyncState, string>> = {
  connecting: 'Connecting…',
  offline: 'Offline',
  syncing: 'Syncing…',
  error: 'Sync problem',
  online: 'Online',
}

/** What screen readers hear: only the connection (read out when it changes, not at every sync). */
const ANNOUNCEMENTS: Readonly<Record<SyncState, string>> = {
  connecting: 'Connecting to the server…',
  offline: 'Offline. Changes are kept on this device until you are back online.',
  syncing: 'Online.',
  error: 'Online.',
  online: 'Online.',
}

/**
 * Offline only when the browser says so or the server could not be reached: before the first try has
 * answered (right after signing in), the device is connecting.
 */
function connectionState(status: SyncStatus, browserOnline: boolean): SyncState {
  if (!browserOnline) return 'offline'
  if (!status.online) return status.connecting ? 'connecting' : 'offline'
  if (status.syncing) return 'syncing'
  return status.error ? 'error' : 'online'
}

export function syncWords(status: SyncStatus, browserOnline: boolean, notSaved: number): SyncWords {
  const state = connectionState(status, browserOnline)
  return {
    state,
    headline: HEADLINES[state],
    announcement: ANNOUNCEMENTS[state],
    waiting: status.pendingChanges > 0 ? `${changes(status.pendingChanges)} waiting` : null,
    notSaved: notSaved > 0 ? `${changes(notSaved)} not saved` : null,
    saved: status.pendingChanges === 0 && notSaved === 0 ? 'all changes saved' : null,
  }
}
