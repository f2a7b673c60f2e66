/**
 * Where the user is, kept in the URL hash ("#/slots?week=2026-11-23&serviceId=...") so a reload,
 * online or offline, lands on the same view and links like "find another slot" are plain URLs.
 */
import { useCallback, useEffect, useState } from 'react'
import { dialogHistory } from '../ui/dialogHistory.js'

export type Page =
  | 'slots'
  | 'bookings'
  | 'provider-slots'
  | 'inbox'
  | 'stats'
  | 'services'
  | 'insights'
  | 'webhooks'
  | 'organisation'

export interface Route {
  page: Page
  /** "yyyy-MM-dd" of a day in the week to show. */
  week?: string
  providerId?: string
  serviceId?: string
  /** A slot to scroll into view and highlight. */
  slotId?: string
  /** A booking in My bookings to scroll into view, highlight and focus (a notification about it). */
  bookingId?: string
  /** First and last day ("yyyy-MM-dd") of the insights period, so Back, Forward and reload keep it. */
  from?: string
  to?: string
}

const pages: readonly Page[] = [
  'slots',
  'bookings',
  'provider-slots',
  'inbox',
  'stats',
  'services',
  'insights',
  'webhooks',
  'organisation',
]
const params = ['week', 'providerId', 'serviceId', 'slotId', 'bookingId', 'from', 'to'] as const

export function parseRoute(hash: string): Route | null {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?')
  const page = pages.find((p) => p === path)
  if (!page) return null
  const search = new URLSearchParams(query)
  const route: Route = { page }
  for (const name of params) {
    const value = search.get(name)
    if (value) route[name] = value
  }
  return route
}

export function routeHash(route: Route): string {
  const search = new URLSearchParams()
  for (const name of params) {
    const value = route[name]
    if (value) search.set(name, value)
  }
  const query = search.toString()
  return `#/${route.page}${query ? `?${query}` : ''}`
}

/** The current route (falling back to `home`) and a navigate function that writes the hash. */
export function useRoute(home: Page): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash) ?? { page: home })
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash) ?? { page: home })
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [home])
  const navigate = useCallback((next: Route) => {
    // Through the dialogs' history: a page opened from a dialog replaces the dialog's entry, and one
    // opened while a closed dialog's entry is being removed waits for that (ui/dialogHistory.ts).
    dialogHistory().navigate(routeHash(next))
    setRoute(next)
  }, [])
  return [route, navigate]
}
