import { useSyncStatus } from '../../data/index.js'
import { formatClock } from '../../ui/calendarTime.js'
import { useBrowserOnline } from './useBrowserOnline.js'

type SyncState = 'offline' | 'syncing' | 'error' | 'online'

/** Online / offline / syncing, how many local changes wait to be pushed, and when the last sync finished. */
export function SyncIndicator({ zone }: { zone: string }) {
  const status = useSyncStatus()
  const browserOnline = useBrowserOnline()
  const state: SyncState =
    !status.online || !browserOnline
      ? 'offline'
      : status.syncing
        ? 'syncing'
        : status.error
          ? 'error'
          : 'online'
  const waiting =
    status.pendingChanges > 0
      ? `${status.pendingChanges} ${status.pendingChanges === 1 ? 'change' : 'changes'} waiting`
      : 'all changes saved'
  const last = status.lastSyncedAt ? `last sync ${formatClock(status.lastSyncedAt, zone)}` : 'not synced yet'
  const headline = { offline: 'Offline', syncing: 'Syncing…', error: 'Sync problem', online: 'Online' }[state]
  return (
    <div
      className={`sync sync--${state}`}
      data-testid="sync-indicator"
      data-state={state}
      data-pending={status.pendingChanges}
      title={status.error ?? undefined}
    >
      <span className="sync__dot" aria-hidden="true" />
      <span className="sync__text">
        <strong>{headline}</strong>
        <span className="sync__detail">
          {waiting}
          <span className="sync__last">
            <span className="sync__separator"> · </span>
            {last}
          </span>
        </span>
      </span>
      {/* Read out only when connectivity changes, not at every sync. */}
      <span className="visually-hidden" role="status">
        {browserOnline && status.online
          ? 'Online.'
          : 'Offline. Changes are kept on this device until you are back online.'}
      </span>
    </div>
  )
}
