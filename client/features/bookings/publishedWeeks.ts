/**
 * How many weeks of a slot's time a weekly series can book: the weeks from the slot to the last week
 * the provider has published a session of the same service at that time (open for booking: not
 * blocked, not past), as far as the device can see. Kept pure (test/unit/publishedWeeks.test.ts).
 */
import { MAX_SERIES_OCCURRENCES } from '../../../shared/bookingOperations.js'
import { sessionNear, WEEK_MS } from '../../data/weeklySessions.js'

/** The weeks a series form suggests when more are published. */
export const DEFAULT_SERIES_WEEKS = 4

export interface PublishedWeeks {
  /** Weeks from the slot's to the last published session's, both included: the most worth asking for. */
  weeks: number
  /** Published sessions in those weeks: fewer than `weeks` when some week has none. */
  sessions: number
  /** The last published session's start. */
  lastStart: string
}

interface Session {
  providerId: string
  serviceId: string
  startTime: string
  state: string
}

/** `slots` may hold anything; only the same provider's sessions of the same service, open for booking, count. */
export function publishedWeeks(first: Session, slots: readonly Session[]): PublishedWeeks {
  const open = slots.filter(
    (slot) =>
      slot.providerId === first.providerId &&
      slot.serviceId === first.serviceId &&
      slot.state !== 'blocked' &&
      slot.state !== 'past',
  )
  const firstAt = Date.parse(first.startTime)
  const found: PublishedWeeks = { weeks: 1, sessions: 1, lastStart: first.startTime }
  for (let index = 1; index < MAX_SERIES_OCCURRENCES; index++) {
    const session = sessionNear(open, firstAt + index * WEEK_MS)
    if (!session) continue
    found.weeks = index + 1
    found.sessions++
    found.lastStart = session.startTime
  }
  return found
}

/** The number of weeks the form starts with: the usual four, fewer when fewer are published. */
export function defaultSeriesWeeks(published: PublishedWeeks): number {
  return Math.min(DEFAULT_SERIES_WEEKS, published.weeks)
}
