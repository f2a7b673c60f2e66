/**
 * Standard Webhooks signing: secrets are `whsec_` + base64 of 24 random bytes; a message carries
 * webhook-id, webhook-timestamp and webhook-signature, the latter with one `v1,` signature per
 * secret in force (the new and, during a rotation's grace period, the previous one), separated by
 * spaces, so a receiver holding either secret verifies.
 *
 * The signature is the spec's (HMAC-SHA256 over `id.timestamp.body`, keyed with the secret's
 * base64-decoded bytes, in base64), computed with node:crypto: the `standardwebhooks` package's
 * own `sign` hashes in JavaScript (fast-sha256) and cost about six times as much per message, CPU
 * the bookings beside the delivery need. Byte for byte the package's signature: the unit test
 * compares the two over many secrets, ids, times and bodies, and receivers verify with the package.
 */
import { createHmac, randomBytes } from 'node:crypto'

const SECRET_PREFIX = 'whsec_'

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`
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
  const timestamp = String(Math.floor(at.getTime() / 1000))
  return {
    'webhook-id': messageId,
    'webhook-timestamp': timestamp,
    'webhook-signature': secrets.map((secret) => signature(secret, messageId, timestamp, body)).join(' '),
  }
}

/** One `v1,` signature (the standardwebhooks package's Webhook#sign, byte for byte). */
export function signature(secret: string, messageId: string, timestamp: string, body: string): string {
  const hmac = createHmac('sha256', secretKey(secret))
  hmac.update(`${messageId}.${timestamp}.`)
  hmac.update(body)
  return `v1,${hmac.digest('base64')}`
}

/** The key's bytes: the base64 after the prefix (a secret without it is base64 as a whole, as the package takes it). */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  const key = Buffer.from(encoded, 'base64')
  if (key.length === 0) throw new Error("a webhook secret can't be empty")
  return key
}
