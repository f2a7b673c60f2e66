/**
 * Stands in for the `unload` package in browser builds (vite.config.ts aliases it). RxDB's tab
 * leader election (broadcast-channel) registers its "leaving" handler through that package, which
 * listens to the deprecated `unload` event: Chromium flags it (Lighthouse best practices) and it
 * keeps the page out of the back/forward cache. `pagehide` is the event browsers recommend instead.
 * A page hidden into the back/forward cache may come back, so only a page really going away runs
 * the handlers. Same API as `unload`: add, runAll, removeAll, getSize.
 */
type Listener = () => unknown

const listeners = new Set<Listener>()
let listening = false

function listen(): void {
  if (listening || typeof window === 'undefined') return
  listening = true
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted) void runAll()
  })
}

export function add(fn: Listener): { remove: () => boolean; run: () => unknown } {
  if (typeof fn !== 'function') throw new Error('Listener is no function')
  listen()
  listeners.add(fn)
  return {
    remove: () => listeners.delete(fn),
    run: () => {
      listeners.delete(fn)
      return fn()
    },
  }
}

export function runAll(): Promise<unknown[]> {
  const running = [...listeners].map((fn) => fn())
  listeners.clear()
  return Promise.all(running)
}

export function removeAll(): void {
  listeners.clear()
}

export function getSize(): number {
  return listeners.size
}

export default { add, runAll, removeAll, getSize }
