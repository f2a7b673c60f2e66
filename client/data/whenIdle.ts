/**
 * Runs `start` in a task of its own once the browser is idle (at the latest after a second): the
 * first render from the stored copy (or the fetched window) is not lengthened by work that only
 * brings changes (replication's start: its pulls, change stream and checkpoint reads; the account's
 * refresh). Returns the function that cancels it.
 */
export function whenIdle(start: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(start, 0)
    return () => clearTimeout(timer)
  }
  const handle = requestIdleCallback(start, { timeout: 1_000 })
  return () => cancelIdleCallback(handle)
}
