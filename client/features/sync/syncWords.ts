/**
 * What the sync status pill says: the connection's state, then whether the provider's changes are
 * saved. "All changes saved" only when nothing waits to be pushed and nothing the server refused is
 * still listed in "Changes not saved" (RefusedChanges, kept until dismissed): otherwise the pill
 * counts them, and leads to that list. Once a request has failed, it names the problem ("Can't reach
 * the server", "Sync problem") and when the device tries again, with Retry now beside it.
 */
import type { ProviderChange, SyncStatus, WaitingElsewhere } from '../../data/index.js'

export type SyncState = 'connecting' | 'offline' | 'unreachable' | 'syncing' | 'error' | 'online'

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
  /** "all changes saved", only when none wait here or elsewhere and none are listed as not saved. */
  saved: string | null
  /** "1 change waiting in Weber — switch back to send it": changes kept in the user's other organisations. */
  elsewhere: string | null
  /** "retrying in 20 s" after a failure, while the device waits to try again; null otherwise. */
  retry: string | null
  /** Whether to offer Retry now: the network is up but the last try failed. */
  canRetry: boolean
}

export interface SyncWordsContext {
  /** The changes waiting in the user's other organisations. */
  elsewhere?: readonly WaitingElsewhere[]
  /** The clock (epoch ms) "retrying in" counts from. */
  now?: number
}

const HEADLINES: Readonly<Record<SyncState, string>> = {
  connecting: 'Connecting…',
  offline: 'Offline',
  unreachable: "Can't reach the server",
  syncing: 'Syncing…',
  error: 'Sync problem',
  online: 'Online',
}

/** What screen readers hear: only the connection (read out when it changes, not at every sync). */
const ANNOUNCEMENTS: Readonly<Record<SyncState, string>> = {
  connecting: 'Connecting to the server…',
  offline: 'Offline. Changes are kept on this device until you are back online.',
  unreachable: "Can't reach the server. Changes are kept on this device and sent once it answers.",
  syncing: 'Online.',
  error: 'Online.',
  online: 'Online.',
}

/**
 * Offline when the browser says so, or said so when the status was read (the browser's 'online' event
 * reaches the pill a moment before the status: a walk saw "Can't reach the server" then, at every
 * reconnect); the server unreachable when the network is up but the server did
 * not answer (a walk saw "Syncing…" for the whole of an outage); before the first try has answered
 * (right after signing in), the device is connecting. A failed request waiting to be retried is a
 * sync problem, not "Syncing…".
 */
function connectionState(status: SyncStatus, browserOnline: boolean): SyncState {
  if (!browserOnline || status.offline) return 'offline'
  if (!status.online) return status.connecting ? 'connecting' : 'unreachable'
  if (status.error !== null && status.retryAt !== null) return 'error'
  if (status.syncing) return 'syncing'
  return status.error ? 'error' : 'online'
}

/** "2 changes waiting in Weber — switch back to send them", one organisation after the other. */
function waitingElsewhereWords(elsewhere: readonly WaitingElsewhere[]): string | null {
  const waiting = elsewhere.filter((e) => e.count > 0)
  if (waiting.length === 0) return null
  const places = waiting.map((e) => `${changes(e.count)} waiting in ${e.organisationName}`).join(', ')
  const total = waiting.reduce((sum, e) => sum + e.count, 0)
  return `${places} — switch back to send ${total === 1 ? 'it' : 'them'}`
}

export function syncWords(
  status: SyncStatus,
  browserOnline: boolean,
  notSaved: number,
  { elsewhere = [], now = Date.now() }: SyncWordsContext = {},
): SyncWords {
  const state = connectionState(status, browserOnline)
  const canRetry = state === 'unreachable' || state === 'error'
  const seconds = status.retryAt === null ? null : Math.ceil((status.retryAt - now) / 1000)
  const elsewhereWords = waitingElsewhereWords(elsewhere)
  return {
    state,
    headline: HEADLINES[state],
    announcement: ANNOUNCEMENTS[state],
    waiting: status.pendingChanges > 0 ? `${changes(status.pendingChanges)} waiting` : null,
    notSaved: notSaved > 0 ? `${changes(notSaved)} not saved` : null,
    saved:
      status.pendingChanges === 0 && notSaved === 0 && elsewhereWords === null ? 'all changes saved' : null,
    elsewhere: elsewhereWords,
    retry: !canRetry || seconds === null ? null : seconds > 0 ? `retrying in ${seconds} s` : 'retrying…',
    canRetry,
  }
}
