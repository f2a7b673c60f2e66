/**
 * Text a user typed, checked on the device with the server's own rule for its field (the shared
 * schema) before anything is written: a booking's note, a series' note, a provider's reason. What
 * the server would refuse is said in the form now, instead of coming back long after it was closed
 * (or being cleaned by the server: server/replication/freeTextRepair.ts).
 */
import type { z } from 'zod'
import { DomainError, ErrorCode } from '../../shared/errors.js'

/** `text` as the rule reads it, or a refusal naming the field as the form calls it (`label`, e.g. "note"). */
export function checkedText(text: string, rule: z.ZodType<string>, field: string, label: string): string {
  const checked = rule.safeParse(text)
  if (checked.success) return checked.data
  const issue = checked.error.issues[0]
  const why =
    issue?.code === 'too_big'
      ? `is longer than ${String(issue.maximum)} characters`
      : 'contains a character that cannot be saved (a control character, often from pasted text): remove it and try again'
  throw new DomainError(ErrorCode.VALIDATION_FAILED, `The ${label} ${why}.`, { field })
}
