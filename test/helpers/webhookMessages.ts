/** Reading what a test webhook receiver got: verified with standardwebhooks, parsed, grouped. */
import { Webhook } from 'standardwebhooks'
import { WebhookPayload } from '../../shared/webhooks.js'
import type { ReceivedWebhook } from './webhookReceiver.js'

export interface VerifiedMessage {
  id: string
  payload: WebhookPayload
}

/**
 * Every message the receiver answered 2xx, each verified with `secret` by the standardwebhooks
 * library (Webhook.verify throws on a bad signature or a stale timestamp).
 */
export function acceptedMessages(received: readonly ReceivedWebhook[], secret: string): VerifiedMessage[] {
  const webhook = new Webhook(secret)
  return received
    .filter((r) => r.answer.kind === 'status' && r.answer.status < 300)
    .map((r) => {
      const headers = {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      }
      return { id: headers['webhook-id'], payload: WebhookPayload.parse(webhook.verify(r.body, headers)) }
    })
}

/** Per entity (booking), the distinct event types in sequence order, duplicates (same webhook-id) dropped. */
export function eventOrderByEntity(messages: readonly VerifiedMessage[]): Map<string, string[]> {
  const unique = new Map(messages.map((m) => [m.id, m.payload]))
  const sorted = [...unique.values()].sort((a, b) => a.data.sequence - b.data.sequence)
  const byEntity = new Map<string, string[]>()
  for (const payload of sorted) {
    const list = byEntity.get(payload.data.entityId) ?? []
    list.push(payload.type)
    byEntity.set(payload.data.entityId, list)
  }
  return byEntity
}
