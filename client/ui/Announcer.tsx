/**
 * Short confirmations ("Booked", "Slot blocked") shown as a toast and read out by screen readers
 * through one polite live region. Errors that need action are shown where they happen instead.
 * One toast at a time (a newer one replaces it: stacked toasts covered the page on phones), shown as
 * a popover so it sits in the top layer, above an open modal dialog and its backdrop.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'

interface Toast {
  id: number
  message: string
  /** Names what the toast is about, so it can be withdrawn when that thing changes. */
  key?: string
}

type Announce = (message: string, key?: string) => void
const AnnounceContext = createContext<Announce>(() => {})
const WithdrawContext = createContext<(key: string) => void>(() => {})

const TOAST_MS = 5000

/** Dispatched on `document` by <Dialog> after it opens as a modal. */
export const MODAL_OPENED = 'uniservice:modal-opened'

export function Announcer({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(1)
  const announce = useCallback<Announce>((message, key) => {
    const id = nextId.current++
    setToasts([{ id, message, key }])
    window.setTimeout(() => setToasts((current) => current.filter((t) => t.id !== id)), TOAST_MS)
  }, [])
  const withdraw = useCallback((key: string) => {
    setToasts((current) =>
      current.some((t) => t.key === key) ? current.filter((t) => t.key !== key) : current,
    )
  }, [])
  const value = useMemo(() => announce, [announce])
  return (
    <AnnounceContext.Provider value={value}>
      <WithdrawContext.Provider value={withdraw}>{children}</WithdrawContext.Provider>
      <ToastPopover toasts={toasts} />
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
function ToastPopover({ toasts }: { toasts: readonly Toast[] }) {
  const ref = useRef<HTMLDivElement>(null)
  const latest = toasts.at(-1)?.id
  useEffect(() => {
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
  return (
    <>
      <div ref={ref} className="toasts" popover="manual" aria-hidden="true" data-testid="toasts">
        {toasts.map((toast) => (
          <p key={toast.id} className="toast">
            {toast.message}
          </p>
        ))}
      </div>
      {/* The live region stays in the page at all times, so every message is read out. */}
      <div className="visually-hidden" role="status" aria-live="polite">
        {toasts.map((toast) => toast.message).join(' ')}
      </div>
    </>
  )
}
