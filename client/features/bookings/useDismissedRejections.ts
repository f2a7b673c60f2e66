import { useCallback, useState } from 'react'

const KEY = 'uniservice.dismissedRejections'

function load(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(KEY) ?? '[]') as string[])
  } catch {
    return new Set()
  }
}

/**
 * Rejected bookings the customer has read and put away, one by one. A view preference of this
 * device (kept in localStorage), not data: the booking stays REJECTED on the server.
 */
export function useDismissedRejections(): [ReadonlySet<string>, (bookingId: string) => void] {
  const [dismissed, setDismissed] = useState(load)
  const dismiss = useCallback((bookingId: string) => {
    setDismissed((current) => {
      const next = new Set(current).add(bookingId)
      localStorage.setItem(KEY, JSON.stringify([...next]))
      return next
    })
  }, [])
  return [dismissed, dismiss]
}
