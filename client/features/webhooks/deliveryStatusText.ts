/**
 * A delivery's state in words for the log: the stored status alone said "queued" both for an event
 * not yet tried and for one whose attempts failed and that waits for its next try (a walk read the
 * latter as stuck).
 */
import type { WebhookDelivery } from '../../../shared/webhooks.js'
import { dayKey, formatClock, formatDay } from '../../ui/calendarTime.js'

export function deliveryStatusText(delivery: Pick<WebhookDelivery, 'status' | 'attempts'>): string {
  const tries = delivery.attempts === 1 ? '1 attempt' : `${delivery.attempts} attempts`
  switch (delivery.status) {
    case 'pending':
      return 'waiting to be queued'
    case 'queued':
      return delivery.attempts === 0 ? 'queued' : `retrying (${tries} failed)`
    case 'delivered':
      return 'delivered'
    case 'failed':
      return `failed (gave up after ${tries})`
  }
}

/**
 * The last attempt's response time, only when the receiver answered: a refused connection or a
 * timeout has none (a walk read "6 ms" beside ECONNREFUSED as an answer in 6 ms); its error says what
 * happened.
 */
export function responseTimeText(
  delivery: Pick<WebhookDelivery, 'lastStatusCode' | 'lastDurationMs'>,
): string {
  if (delivery.lastStatusCode === null || delivery.lastDurationMs === null) return ''
  return `${delivery.lastDurationMs} ms`
}

/**
 * What the log row says besides its status: when a retrying delivery is tried next (the time its
 * queue job is due), and that it was replayed, by whom and when, with the attempts made before (a
 * replay used to wipe the row: "Attempts 1" and a new time, as if nothing had happened before).
 */
export function deliveryNotes(
  delivery: Pick<
    WebhookDelivery,
    'status' | 'nextAttemptAt' | 'replays' | 'replayedAt' | 'replayedBy' | 'earlierAttempts'
  >,
  zone: string,
  now: Date = new Date(),
): string[] {
  const notes: string[] = []
  if (delivery.status === 'queued' && delivery.nextAttemptAt) {
    notes.push(`next attempt at ${moment(delivery.nextAttemptAt, zone, now)}`)
  }
  if (delivery.replays > 0 && delivery.replayedAt) {
    const times = delivery.replays === 1 ? '' : ` (${delivery.replays} replays)`
    const before = delivery.earlierAttempts === 1 ? '1 attempt' : `${delivery.earlierAttempts} attempts`
    notes.push(
      `replayed by ${delivery.replayedBy ?? 'a former member'} at ${moment(delivery.replayedAt, zone, now)}${times}; ${before} before`,
    )
  }
  return notes
}

/** "14:05:12" today, "Mon 23 Nov, 14:05:12" on another day, in the viewer's zone. */
function moment(at: string, zone: string, now: Date): string {
  const clock = formatClock(at, zone)
  return dayKey(at, zone) === dayKey(now, zone) ? clock : `${formatDay(at, zone)}, ${clock}`
}
