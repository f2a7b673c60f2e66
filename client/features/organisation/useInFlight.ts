import { useCallback, useRef, useState } from 'react'

/**
 * One request at a time from a form or button: `run` starts the task unless one is running (a double
 * click, Enter pressed twice) and then returns null, so the server is asked once. `busy` is for the
 * button's aria-busy / disabled while it runs. The ref, not the state, decides: a second click can
 * arrive before React has re-rendered the button as busy.
 */
export function useInFlight(): { busy: boolean; run: <T>(task: () => Promise<T>) => Promise<T> | null } {
  const running = useRef(false)
  const [busy, setBusy] = useState(false)
  const run = useCallback(<T>(task: () => Promise<T>): Promise<T> | null => {
    if (running.current) return null
    running.current = true
    setBusy(true)
    // A task that throws at once rejects like one that fails later: the flag is cleared either way.
    return new Promise<T>((resolve) => resolve(task())).finally(() => {
      running.current = false
      setBusy(false)
    })
  }, [])
  return { busy, run }
}
