/**
 * Short confirmations ("Booked", "Slot blocked") shown as toasts and read out by screen readers
 * through one polite live region. Errors that need action are shown where they happen instead.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react'

interface Toast {
  id: number
  message: string
}

const AnnounceContext = createContext<(message: string) => void>(() => {})

const TOAST_MS = 5000

export function Announcer({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(1)
  const announce = useCallback((message: string) => {
    const id = nextId.current++
    setToasts((current) => [...current.slice(-2), { id, message }])
    window.setTimeout(() => setToasts((current) => current.filter((t) => t.id !== id)), TOAST_MS)
  }, [])
  const value = useMemo(() => announce, [announce])
  return (
    <AnnounceContext.Provider value={value}>
      {children}
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

export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext)
}
