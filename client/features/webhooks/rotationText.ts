/**
 * What rotating a webhook secret does, in words, by the server's rule (GET /api/webhooks/secret-rotation,
 * WEBHOOK_SECRET_GRACE_MS): a new secret signs from now on, and the old one keeps signing next to it
 * (a second signature) for the grace period, then stops.
 */
import type { SecretRotationRule } from '../../../shared/webhooks.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'

const UNITS: readonly [ms: number, one: string, many: string][] = [
  [86_400_000, 'day', 'days'],
  [3_600_000, 'hour', 'hours'],
  [60_000, 'minute', 'minutes'],
  [1000, 'second', 'seconds'],
]

/** "24 hours", "3 days", "90 minutes": the largest unit that divides `ms` exactly (hours from 1 to 47). */
export function durationWords(ms: number): string {
  for (const [size, one, many] of UNITS) {
    if (ms % size !== 0 || ms < size) continue
    const count = ms / size
    if (size === 86_400_000 && count < 2) continue // "24 hours" reads better than "1 day"
    return `${count} ${count === 1 ? one : many}`
  }
  return `${Math.round(ms / 1000)} seconds`
}

/** The confirmation's words before rotating; `rule` null while it is not known yet. */
export function rotationWarning(rule: SecretRotationRule | null): string {
  const grace = rule
    ? rule.previousSecretValidMs === 0
      ? 'The current secret stops working at once'
      : `The current secret keeps working for ${durationWords(rule.previousSecretValidMs)} (messages carry both signatures meanwhile), then stops`
    : 'The current secret keeps working for a grace period, then stops'
  return `A new signing secret is made and shown once. ${grace}: update your receiver before then.`
}

/** Under the new secret: until when the old one still signs (the rotation's answer). */
export function previousSecretText(previousSecretUntil: string | null, zone: string): string {
  return previousSecretUntil && Date.parse(previousSecretUntil) > Date.now()
    ? `The old secret keeps working until ${formatLongDateTime(previousSecretUntil, zone)}.`
    : 'The old secret no longer works.'
}
