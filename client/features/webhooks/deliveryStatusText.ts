/**
 * A delivery's state in words for the log: the stored status alone said "queued" both for an event
 * not yet tried and for one whose attempts failed and that waits for its next try (a walk read the
 * latter as stuck).
 */
import type { WebhookDelivery } from '../../../shared/webhooks.js'

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
