/**
 * Standard Webhooks signing (the `standardwebhooks` package): secrets are `whsec_` + base64 of 24
 * random bytes; a message carries webhook-id, webhook-timestamp and webhook-signature, the latter
 * with one `v1,` signature per secret in force (the new and, during a rotation's grace period,
 * the previous one), separated by spaces, so a receiver holding either secret verifies.
 */
import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}

export interface SignedHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

export function signedHeaders(
  messageId: string,
  at: Date,
  body: string,
  secrets: readonly string[],
): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body))
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  }
}
