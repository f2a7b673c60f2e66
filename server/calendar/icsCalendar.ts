/** Calendar entries as an iCalendar document (RFC 5545), written by the `ics` package. */
import { type EventAttributes, createEvents } from 'ics'
import type { CalendarEntry } from '../domain/calendar.js'

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8'

export function icsCalendar(name: string, entries: readonly CalendarEntry[]): string {
  const events: EventAttributes[] = entries.map((entry) => ({
    uid: entry.uid,
    start: entry.start.getTime(),
    end: entry.end.getTime(),
    title: entry.title,
    description: entry.description,
    // Calendar apps show the location beside the title: where the event is, by organisation.
    location: entry.organisation,
    status: entry.status,
    lastModified: entry.updatedAt.getTime(),
    // Which version of the event this is: without it a calendar app may keep a moved booking's old time.
    sequence: entry.sequence,
  }))
  const { error, value } = createEvents(events, { calName: name, productId: 'uniservice-bookings' })
  if (error || value === null) throw error ?? new Error('ics produced no calendar')
  return value
}
