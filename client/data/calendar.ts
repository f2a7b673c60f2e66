/**
 * Calendar export from the device: a booking's .ics file and the user's private feed URL. These
 * need the server (the feed is the server's view), so they work online only and say so otherwise.
 */
import { useMemo } from 'react'
import { useDataContext } from './dataContext.js'
import type { ServerApi } from './serverApi.js'

export interface CalendarFeed {
  active: boolean
  createdAt: string | null
}

export interface CalendarActions {
  /** The booking as iCalendar text, ready to save as a .ics file. */
  bookingIcs(bookingId: string): Promise<string>
  feedStatus(): Promise<CalendarFeed>
  /** A new private feed URL; the previous one stops working. */
  rotateFeed(): Promise<string>
  revokeFeed(): Promise<void>
}

export function calendarActions(api: ServerApi): CalendarActions {
  return {
    bookingIcs: (bookingId) => api.getText(`/api/bookings/${encodeURIComponent(bookingId)}/calendar.ics`),
    feedStatus: () => api.get<CalendarFeed>('/api/calendar-feed'),
    rotateFeed: async () => (await api.post<{ url: string }>('/api/calendar-feed', undefined)).url,
    revokeFeed: async () => {
      await api.delete('/api/calendar-feed')
    },
  }
}

export function useCalendarActions(): CalendarActions {
  const { api } = useDataContext()
  return useMemo(() => calendarActions(api), [api])
}
