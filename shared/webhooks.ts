/**
 * Webhooks: the fixed list of event names an endpoint may subscribe to, and the shapes of the REST
 * API (validated on the server, typed on the client). No I/O here.
 */
import { z } from 'zod'
import { Id, IsoInstant, withoutControlCharacters } from './schemas.js'

/** Every event a webhook endpoint may subscribe to; anything else is refused (400). */
export const WebhookEventType = z.enum([
  'booking.created',
  'booking.confirmed',
  'booking.cancelled',
  'booking.completed',
  'booking.rejected',
  'booking.deleted',
  'booking.rescheduled',
  'waitlist.promoted',
  'slot.changed',
])
export type WebhookEventType = z.infer<typeof WebhookEventType>
export const WEBHOOK_EVENT_TYPES = WebhookEventType.options

/**
 * What each event says happened, beside its box on the page. A provider's decline is
 * `booking.cancelled` (its object has `declined: true`), as it always was for receivers;
 * `booking.rejected` is only the server refusing a booking a device made offline.
 */
export const WEBHOOK_EVENT_HELP: Record<WebhookEventType, string> = {
  'booking.created': 'a booking was made, or someone waiting was given a seat',
  'booking.confirmed': 'the provider confirmed a request',
  'booking.cancelled':
    'a booking was cancelled, by the customer or the provider, or the provider declined a request (declined: true)',
  'booking.completed': 'the provider marked a booking as completed',
  'booking.rejected':
    'a booking made offline was refused when it reached the server (the slot was full or closed by then); not a decline',
  'booking.deleted': 'a booking was deleted',
  'booking.rescheduled': 'a booking was moved to another slot (the object is the booking on its new slot)',
  'waitlist.promoted': 'someone waiting was given a seat that had become free',
  'slot.changed': 'a slot was added, changed, blocked or deleted',
}

const MAX_URL_LENGTH = 2000

/** Why `text` is not acceptable as a delivery URL (null when it is): http(s), well-formed, no credentials. */
export function webhookUrlProblem(text: string): string | null {
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'must be a well-formed absolute URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https'
  if (url.username !== '' || url.password !== '') return 'must not contain credentials'
  if (url.hostname === '') return 'must name a host'
  if (url.hash !== '') return 'must not contain a fragment'
  return null
}

/**
 * Control characters are refused before parsing: the URL parser drops or encodes them, so the text
 * as sent (the one stored) would keep them (a NUL there is PostgreSQL's error, a 500).
 */
export const WebhookUrl = withoutControlCharacters(z.string()).superRefine((text, ctx) => {
  const problem = webhookUrlProblem(text)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/**
 * The form a URL is stored and compared in: as the WHATWG URL parser writes it (scheme and host in
 * lower case, the scheme's default port dropped, an empty path as "/", IDN hosts in punycode, dot
 * segments resolved). So `HTTP://Example.com:80/hook` is the same URL as `http://example.com/hook`;
 * a trailing slash (`/hook/`), the path's case and the query are not normalised: a server may
 * route them to different handlers. `text` must be a valid webhook URL (webhookUrlProblem).
 */
export function webhookUrlKey(text: string): string {
  return new URL(text).href
}

export const WebhookEvents = z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length)

export const CreateWebhookEndpoint = z.object({ url: WebhookUrl, events: WebhookEvents }).strict()
export type CreateWebhookEndpoint = z.infer<typeof CreateWebhookEndpoint>

/** Enable (re-enable after an automatic disabling), disable, or change the events or URL. */
export const UpdateWebhookEndpoint = z
  .object({ url: WebhookUrl.optional(), events: WebhookEvents.optional(), enabled: z.boolean().optional() })
  .strict()
export type UpdateWebhookEndpoint = z.infer<typeof UpdateWebhookEndpoint>

/**
 * The facts of an automatic disabling: after how long (WEBHOOK_DISABLE_AFTER_MS when it happened),
 * since when the endpoint had been failing, and its last error.
 */
export const AutomaticDisabling = z.object({
  afterMs: z.number().int(),
  failingSince: IsoInstant,
  lastError: z.string(),
})
export type AutomaticDisabling = z.infer<typeof AutomaticDisabling>

/** "disabled automatically after 3 hours of failures: ", the start of the system's reason. */
export function automaticDisablingText(disableAfterMs: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ]
  const [size, unit] = units.find(([size]) => disableAfterMs >= size && disableAfterMs % size === 0) ?? [
    1000,
    'second',
  ]
  const count = Math.max(1, Math.round(disableAfterMs / size))
  return `disabled automatically after ${count} ${unit}${count === 1 ? '' : 's'} of failures: `
}

/**
 * The whole reason of an automatic disabling; `formatTime` writes the instant (the page: the viewer's
 * zone; the stored `disabledReason` and the audit trail: UTC).
 */
export function automaticDisablingReason(
  facts: AutomaticDisabling,
  formatTime: (iso: string) => string,
): string {
  return `${automaticDisablingText(facts.afterMs)}failing continuously since ${formatTime(facts.failingSince)} (last error: ${facts.lastError})`
}

export const WebhookEndpoint = z.object({
  id: Id,
  url: z.string(),
  events: z.array(WebhookEventType),
  enabled: z.boolean(),
  /**
   * Why and by whom it was disabled, null while enabled: "disabled by <name>, an admin", "disabled by
   * <name>, a provider", or "disabled automatically after <duration> of failures: failing continuously
   * since ... (last error: ...)".
   */
  disabledReason: z.string().nullable(),
  /** The facts of the reason when the server disabled it (null otherwise), for words in the reader's zone. */
  automaticDisabling: AutomaticDisabling.nullable(),
  /** Start of the current run of failed attempts; ended by a success or by re-enabling. */
  failingSince: IsoInstant.nullable(),
  /** Until when the previous secret still signs (after a rotation). */
  previousSecretUntil: IsoInstant.nullable(),
  createdAt: IsoInstant,
})
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>

/** Creation and rotation answer with the secret, once; it is never shown again. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({ secret: z.string() })
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>

/** The server's rule for a rotation (WEBHOOK_SECRET_GRACE_MS): how long the old secret still signs. */
export const SecretRotationRule = z.object({ previousSecretValidMs: z.number().int().min(0) })
export type SecretRotationRule = z.infer<typeof SecretRotationRule>

export const WebhookDeliveryStatus = z.enum(['pending', 'queued', 'delivered', 'failed'])

export const WebhookDelivery = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  eventType: WebhookEventType,
  entityId: Id,
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** Response time of the last attempt. */
  lastDurationMs: z.number().int().nullable(),
  lastAttemptAt: IsoInstant.nullable(),
  deliveredAt: IsoInstant.nullable(),
  createdAt: IsoInstant,
  /** Attempts made before the last replay (`attempts` counts those since it). */
  earlierAttempts: z.number().int(),
  /** How often it was replayed, and the last replay: when and by whom (their name). */
  replays: z.number().int(),
  replayedAt: IsoInstant.nullable(),
  replayedBy: z.string().nullable(),
  /** When a delivery retrying after failed attempts is due to be tried again (its queue job's start). */
  nextAttemptAt: IsoInstant.nullable(),
})
export type WebhookDelivery = z.infer<typeof WebhookDelivery>

/**
 * The JSON body of every delivery (Standard Webhooks' `type`/`timestamp`/`data`). `data.sequence`
 * is the outbox id: a receiver orders one booking's (`data.entityId`) events by it.
 */
export const WebhookPayload = z.object({
  type: WebhookEventType,
  timestamp: IsoInstant,
  data: z.object({ sequence: z.number().int(), entityId: Id, object: z.unknown() }),
})
export type WebhookPayload = z.infer<typeof WebhookPayload>
