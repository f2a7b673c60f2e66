/** What the sync pill may ask of replication. */
import { useCallback } from 'react'
import { useDataContext } from './dataContext.js'

/**
 * Retry now: every request waiting out its pause after a failure is tried again at once, and the
 * stream reconnects (the same as the network coming back).
 */
export function useRetryNow(): () => void {
  const { replication$ } = useDataContext()
  return useCallback(() => replication$.value?.reSync(), [replication$])
}
