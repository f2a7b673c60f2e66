/**
 * Short confirmations ("Booked", "Slot blocked") shown as toasts and read out by screen readers
 * through one polite live region. Errors that need action are shown where they happen instead.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react'

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

export function Announcer({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(1)
  const announce = useCallback<Announce>((message, key) => {
    const id = nextId.current++
    setToasts((current) => [...current.slice(-2), { id, message, key }])
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
      <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
        {toasts.map((toast) => (
          <p key={toast.id} className="toast">
            {toast.message}
          </p>
        ))}
      </div>
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
