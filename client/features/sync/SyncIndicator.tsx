import { useEffect, useState } from 'react'
import { useProviderChanges, useRetryNow, useSyncStatus, useWaitingElsewhere } from '../../data/index.js'
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

/** The clock, ticking every second while `ticking` (the "retrying in" countdown). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return now
}

/**
 * Online / offline / syncing, how many local changes wait to be pushed (here, and in the user's other
 * organisations), how many the server did not take (listed under "Changes not saved" until dismissed;
 * the count leads there), when the last sync finished, and after a failure when the device tries
 * again, with Retry now.
 */
export function SyncIndicator({ zone }: { zone: string }) {
  const status = useSyncStatus()
  const browserOnline = useBrowserOnline()
  const notSaved = useProviderChanges().filter(listedAsNotSaved).length
  const elsewhere = useWaitingElsewhere()
  const retryNow = useRetryNow()
  const now = useNow(status.retryAt !== null)
  const words = syncWords(status, browserOnline, notSaved, { elsewhere, now })
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
          {words.retry && <span data-testid="sync-retry-in"> · {words.retry}</span>}
          {words.elsewhere && (
            <span className="sync__elsewhere" data-testid="sync-elsewhere">
              {(words.waiting || words.notSaved || words.saved) && ' · '}
              {words.elsewhere}
            </span>
          )}
          <span className="sync__last">
            <span className="sync__separator"> · </span>
            {last}
          </span>
        </span>
      </span>
      {words.canRetry && (
        <button type="button" className="sync__retry" onClick={retryNow} data-testid="sync-retry">
          Retry now
        </button>
      )}
      {/* Read out only when connectivity changes, not at every sync. */}
      <span className="visually-hidden" role="status">
        {words.announcement}
      </span>
    </div>
  )
}
