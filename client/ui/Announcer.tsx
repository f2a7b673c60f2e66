/**
 * Short confirmations ("Booked", "Slot blocked") shown as a toast and read out by screen readers
 * through one polite live region. Errors that need action are shown where they happen instead.
 * One toast at a time (a newer one replaces it: stacked toasts covered the page on phones), but news
 * the user must not miss stays until it is put away or its time is up (toastList.ts), shown as
 * a popover so it sits in the top layer, above an open modal dialog and its backdrop, with a button
 * to put it away before its five seconds are up.
 *
 * A toast never covers what can be pressed. On a desktop it sits in the bottom right corner, beside
 * the content. On a phone it spans the screen, so it sits at the top and the page (and an open
 * dialog) moves down by its height while it shows (`--toast-space` on the root element, set from the
 * toast's measured height; styles.css): at the bottom it covered the card's buttons after booking and
 * the dialog's footer. On a desktop an open dialog ends above the toast while it shows (a tall one
 * reached the corner, and the toast covered its "Create slots").
 */
import {
  createContext,
  type ReactNode,
  type RefObject,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { type Toast, withToast } from './toastList.js'

/** `lasting`: news the user must not miss (a booking refused): shown longer than a confirmation. */
type Announce = (message: string, key?: string, options?: { lasting?: boolean }) => void
const AnnounceContext = createContext<Announce>(() => {})
const WithdrawContext = createContext<(key: string) => void>(() => {})

const TOAST_MS = 5000
const LASTING_TOAST_MS = 15000

/** Dispatched on `document` by <Dialog> after it opens as a modal. */
export const MODAL_OPENED = 'uniservice:modal-opened'

export function Announcer({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(1)
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), [])
  const announce = useCallback<Announce>(
    (message, key, options) => {
      const id = nextId.current++
      const lasting = options?.lasting === true
      setToasts((current) => withToast(current, { id, message, key, lasting }))
      window.setTimeout(() => dismiss(id), lasting ? LASTING_TOAST_MS : TOAST_MS)
    },
    [dismiss],
  )
  const withdraw = useCallback((key: string) => {
    setToasts((current) =>
      current.some((t) => t.key === key) ? current.filter((t) => t.key !== key) : current,
    )
  }, [])
  const value = useMemo(() => announce, [announce])
  return (
    <AnnounceContext.Provider value={value}>
      <WithdrawContext.Provider value={withdraw}>{children}</WithdrawContext.Provider>
      <ToastPopover toasts={toasts} onDismiss={dismiss} />
    </AnnounceContext.Provider>
  )
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext)
}

/** Removes the toasts announced with `key` (e.g. "sent when you are back online" once it was sent). */
export function useWithdrawAnnouncement(): (key: string) => void {
  return useContext(WithdrawContext)
}

/**
 * The visible toast in the top layer. Showing it again after each change puts it above whatever
 * modal opened since (the top layer stacks in the order elements entered it).
 */
function ToastPopover({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: number) => void }) {
  const ref = useRef<HTMLDivElement>(null)
  const latest = toasts.at(-1)?.id
  useLayoutEffect(() => {
    const raise = () => {
      const popover = ref.current
      if (!popover?.showPopover) return
      if (popover.matches(':popover-open')) popover.hidePopover()
      if (latest !== undefined) popover.showPopover()
    }
    raise()
    // A modal opened later enters the top layer above the toast: raise it again.
    document.addEventListener(MODAL_OPENED, raise)
    return () => document.removeEventListener(MODAL_OPENED, raise)
  }, [latest])
  useToastSpace(ref, latest !== undefined)
  return (
    <>
      <div ref={ref} className="toasts" popover="manual" data-testid="toasts">
        {toasts.map((toast) => (
          <div key={toast.id} className="toast">
            {/* Read out by the live region below; here only seen, so not read twice. */}
            <p className="toast__text" aria-hidden="true">
              {toast.message}
            </p>
            <button
              type="button"
              className="toast__close"
              aria-label="Dismiss message"
              onClick={() => onDismiss(toast.id)}
              data-testid="toast-dismiss"
            >
              ×
            </button>
          </div>
        ))}
      </div>
      {/* The live region stays in the page at all times, so every message is read out. */}
      <div className="visually-hidden" role="status" aria-live="polite">
        {toasts.map((toast) => toast.message).join(' ')}
      </div>
    </>
  )
}

/**
 * While a toast shows, the root element carries `data-toast` and `--toast-space`, the toast's height
 * plus its margins, which the phone layout moves the page and dialogs down by, and a desktop's
 * dialogs keep clear of at the bottom (styles.css).
 */
function useToastSpace(ref: RefObject<HTMLDivElement | null>, shown: boolean): void {
  // Before the toast is painted: never a frame with the toast over the page.
  useLayoutEffect(() => {
    const toasts = ref.current
    const root = document.documentElement
    if (!toasts || !shown) return
    const measure = () => {
      const { top, bottom, height } = toasts.getBoundingClientRect()
      // Its margin from the screen's edge it sits at: the top on a phone, the bottom on a desktop.
      const margin = Math.min(top, window.innerHeight - bottom)
      root.style.setProperty('--toast-space', `${Math.ceil(margin * 2 + height)}px`)
    }
    root.dataset.toast = 'shown'
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(toasts)
    return () => {
      observer.disconnect()
      delete root.dataset.toast
      root.style.removeProperty('--toast-space')
    }
  }, [ref, shown])
}
