import { useProviderChanges, useSyncStatus } from '../../data/index.js'
import { formatClock } from '../../ui/calendarTime.js'
import { NOT_SAVED_LIST_ID, listedAsNotSaved, syncWords } from './syncWords.js'
import { useBrowserOnline } from './useBrowserOnline.js'

/** Takes the user to the "Changes not saved" list (RefusedChanges), wherever the page is scrolled. */
function showNotSavedList() {
  const list = document.getElementById(NOT_SAVED_LIST_ID)
  if (!list) return
  list.scrollIntoView({ block: 'start' })
  list.focus({ preventScroll: true })
}

/**
 * Online / offline / syncing, how many local changes wait to be pushed, how many the server did not
 * take (listed under "Changes not saved" until dismissed; the count leads there), and when the last
 * sync finished.
 */
export function SyncIndicator({ zone }: { zone: string }) {
  const status = useSyncStatus()
  const browserOnline = useBrowserOnline()
  const notSaved = useProviderChanges().filter(listedAsNotSaved).length
  const words = syncWords(status, browserOnline, notSaved)
  const last = status.lastSyncedAt ? `last sync ${formatClock(status.lastSyncedAt, zone)}` : 'not synced yet'
  return (
    <div
      className={`sync sync--${words.state}${words.notSaved ? ' sync--not-saved' : ''}`}
      data-testid="sync-indicator"
      data-state={words.state}
      data-pending={status.pendingChanges}
      data-not-saved={notSaved}
      title={status.error ?? undefined}
    >
      <span className="sync__dot" aria-hidden="true" />
      <span className="sync__text">
        <strong>{words.headline}</strong>
        <span className="sync__detail">
          {words.waiting}
          {words.waiting && words.notSaved && ', '}
          {words.notSaved && (
            <button
              type="button"
              className="sync__not-saved"
              onClick={showNotSavedList}
              data-testid="sync-not-saved"
            >
              {words.notSaved}
            </button>
          )}
          {words.saved}
          <span className="sync__last">
            <span className="sync__separator"> · </span>
            {last}
          </span>
        </span>
      </span>
      {/* Read out only when connectivity changes, not at every sync. */}
      <span className="visually-hidden" role="status">
        {words.announcement}
      </span>
    </div>
  )
}
