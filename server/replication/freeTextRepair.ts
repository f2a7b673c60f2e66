/**
 * A pushed row that is malformed only in the free text a user typed (a booking's notes, a cancel
 * reason): the row is applied with that text cleaned, and the answer tells the device so. Refusing
 * the row instead would be a 400 for the whole push, which RxDB sends again and again: the device
 * would never sync again (README "Replication and offline use": a 4xx is retried forever), all for
 * a vertical tab that Word put into pasted text, or a rule the server tightened after the device
 * stored the text. The device's form refuses such text before it is written (the same shared
 * schemas); this is for what got past it: an older client, or text stored before a rule existed.
 *
 * Cleaning: the device's own rule (shared/freeTextCleaning.ts: a control character the field refuses
 * becomes a space where it spaces words, and is removed otherwise; line breaks and tabs stay where the
 * field allows them), and text over the field's length is cut to it. Nothing else is repaired:
 * a row with any other issue stays malformed.
 */
import type { z } from 'zod'
import { ErrorCode } from '../../shared/errors.js'
import { cleanedFreeText } from '../../shared/freeTextCleaning.js'
import { LINE_CHARACTERS } from '../../shared/schemas.js'
import { type ChangeRefusal, changeRefusal } from '../../shared/slotChangeRules.js'

/** The row's states whose fields may be cleaned. */
const STATES = ['newDocumentState', 'assumedMasterState'] as const

/**
 * `raw` with its free-text fields cleaned, when the issues `schema` found are all in those fields and
 * the cleaned row passes `schema`; else null (the row stays malformed).
 */
export function repairFreeText<T>(
  raw: unknown,
  issues: readonly z.core.$ZodIssue[],
  freeText: readonly string[],
  schema: z.ZodType<T>,
): { parsed: T; refusals: ChangeRefusal[] } | null {
  if (freeText.length === 0 || !isObject(raw)) return null
  const repairable = issues.every(
    (issue) =>
      STATES.includes(issue.path[0] as (typeof STATES)[number]) &&
      issue.path.length === 2 &&
      freeText.includes(String(issue.path[1])),
  )
  if (!repairable) return null
  // Line breaks and tabs kept first; a field that refuses them too gets them cleaned as well.
  return repaired(raw, issues, schema, LINE_CHARACTERS) ?? repaired(raw, issues, schema, '')
}

function repaired<T>(
  raw: Record<string, unknown>,
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType<T>,
  kept: string,
): { parsed: T; refusals: ChangeRefusal[] } | null {
  const row: Record<string, unknown> = { ...raw }
  const refusals: ChangeRefusal[] = []
  for (const issue of issues) {
    const [state, field] = issue.path as [string, string]
    const doc = row[state]
    if (!isObject(doc) || typeof doc[field] !== 'string') return null
    const maximum = issue.code === 'too_big' ? Number(issue.maximum) : undefined
    row[state] = { ...doc, [field]: cleaned(doc[field], kept, maximum) }
    if (state === 'newDocumentState' && !refusals.some((r) => r.field === field))
      refusals.push(
        changeRefusal(
          ErrorCode.VALIDATION_FAILED,
          field,
          `${field} had characters that cannot be stored (${issue.message}); saved without them`,
        ),
      )
  }
  const parsed = schema.safeParse(row)
  return parsed.success ? { parsed: parsed.data, refusals } : null
}

function cleaned(text: string, kept: string, maximum: number | undefined): string {
  const out = cleanedFreeText(text, kept)
  return maximum !== undefined && Number.isFinite(maximum) ? out.slice(0, maximum) : out
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
