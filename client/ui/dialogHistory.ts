/**
 * The browser's Back button closes an open dialog, as on a phone app, instead of leaving the page
 * behind it. Opening a dialog pushes a history entry with the same URL; Back (a popstate that leaves
 * that entry) closes the dialog; a dialog closed any other way (its button, Escape, a choice made in
 * it) takes its entry back off, so the next Back goes to the previous page in one press.
 *
 * Each entry's state lists the dialogs open when it was pushed (nested dialogs stack), so a popstate
 * closes exactly the open dialogs that the entry it lands on does not list. Removing an entry is an
 * asynchronous history.go(); until its popstate arrives, further history writes (another dialog
 * opening, the app navigating) wait, or they would be written on the entry about to be left.
 * A page the app opens from a dialog (navigate) replaces the dialog's entry. A plain link that
 * closes a dialog as it is followed puts its page on top of the dialog's entry, which then stays
 * under it: Back from that page shows the dialog's page, and the next Back shows that page again
 * (its own entry) before going further.
 */

/** The part of `window` this module uses (a fake one in unit tests). */
export interface HistoryHost {
  history: {
    readonly state: unknown
    pushState(state: unknown, unused: string, url?: string): void
    replaceState(state: unknown, unused: string, url?: string): void
    go(delta: number): void
  }
  location: { readonly href: string; readonly hash: string }
  addEventListener(type: 'popstate', listener: (event: { state: unknown }) => void): void
}

export interface DialogHistory {
  /** A dialog opened; `close` is called when Back leaves its entry. Returns what to call when it closes. */
  opened(close: () => void): () => void
  /**
   * Shows `hash` as a new history entry (the app's navigation). An open dialog's entry is replaced
   * rather than kept under the new page, where Back would land on it and show nothing new.
   */
  navigate(hash: string): void
}

/** The key of the open dialogs' ids in a history entry's state. */
const KEY = 'openDialogs'
/** After this long without the popstate of its own history.go(), the module stops waiting for it. */
const TRAVERSAL_TIMEOUT_MS = 1_000

function dialogsOf(state: unknown): string[] {
  if (typeof state !== 'object' || state === null) return []
  const ids = (state as Record<string, unknown>)[KEY]
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

export function createDialogHistory(host: HistoryHost): DialogHistory {
  interface Open {
    close: () => void
    /** Its entry is in the history (false while waiting for an earlier history.go to land). */
    pushed: boolean
  }
  const open = new Map<string, Open>()
  // Ids unique to this page load: an entry pushed before a reload may still be in the history, and
  // stepping back onto (or past) it would load the page again.
  const load = Math.random().toString(36).slice(2, 8)
  const pushedHere = new Set<string>()
  let counter = 0
  /** History writes in the order asked, each when the ones before it have landed. */
  const queue: (() => void)[] = []
  /** The timer of a history.go() of this module's whose popstate has not come yet. */
  let traversal: ReturnType<typeof setTimeout> | null = null
  /** Removals waiting for their own task (see `opened`). */
  let deferred = 0

  const drain = () => {
    while (traversal === null && deferred === 0 && queue.length > 0) queue.shift()?.()
  }
  const whenSettled = (write: () => void) => {
    queue.push(write)
    drain()
  }
  const settle = () => {
    if (traversal !== null) clearTimeout(traversal)
    traversal = null
    drain()
  }
  const go = (delta: number) => {
    traversal = setTimeout(settle, TRAVERSAL_TIMEOUT_MS)
    host.history.go(delta)
  }

  host.addEventListener('popstate', (event) => {
    const listed = new Set(dialogsOf(event.state))
    for (const [id, dialog] of open) {
      if (!dialog.pushed || listed.has(id)) continue
      open.delete(id)
      dialog.close()
    }
    settle()
  })

  return {
    opened(close) {
      const id = `${load}-${++counter}`
      const dialog: Open = { close, pushed: false }
      open.set(id, dialog)
      whenSettled(() => {
        if (open.get(id) !== dialog) return // closed before its turn came
        const ids = [...dialogsOf(host.history.state), id]
        host.history.pushState({ [KEY]: ids }, '', host.location.href)
        pushedHere.add(id)
        dialog.pushed = true
      })
      return () => {
        if (open.get(id) !== dialog) return // Back closed it, or it closed already
        open.delete(id)
        if (!dialog.pushed) return
        // The removal (and any write asked after it) waits for a task of its own: a link that
        // closed the dialog is followed after its click handlers have run, and its page then lies
        // on top of this entry, which must not be stepped back to.
        deferred++
        setTimeout(() => {
          deferred--
          drain()
        })
        whenSettled(() => {
          // The entries on top that belong to no open dialog: this one's, and those of dialogs
          // above it that closed first. None when a page replaced the entry or came on top of it.
          const ids = dialogsOf(host.history.state)
          const spent = (id: string | undefined) => id !== undefined && pushedHere.has(id) && !open.has(id)
          let steps = 0
          while (spent(ids[ids.length - 1 - steps])) steps++
          if (steps > 0) go(-steps)
        })
      }
    },
    navigate(hash) {
      whenSettled(() => {
        if (host.location.hash === hash) return
        if (dialogsOf(host.history.state).length > 0) host.history.replaceState(null, '', hash)
        else host.history.pushState(null, '', hash)
      })
    },
  }
}

let shared: DialogHistory | null = null

/** The page's one dialog history (its popstate listener is added once). */
export function dialogHistory(): DialogHistory {
  shared ??= createDialogHistory(window)
  return shared
}
