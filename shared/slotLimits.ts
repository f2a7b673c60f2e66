/**
 * How long a bookable slot may be and how far ahead it may start: one rule for every way a slot is
 * made (the single-slot form and POST /api/slots, a weekly pattern, a provider's offline slot pushed
 * later). A slot of three years, or one in the year 9999, would block every later slot of its
 * provider with SLOT_OVERLAPS. The server refuses a slot outside these limits 400 VALIDATION_FAILED
 * naming the field (server/domain/slots.ts); the single-slot form asks the same functions before saving.
 */

/** A slot lasts at most a day (also the weekly pattern's longest length, SlotDurationMinutes). */
export const MAX_SLOT_MINUTES = 24 * 60
/**
 * A slot starts at most this many days after now (five years, a leap day included): far enough for
 * any real booking calendar, near enough that no slot sits in the year 9999.
 */
export const MAX_SLOT_AHEAD_DAYS = 5 * 365 + 1

export interface SlotLimitIssue {
  code: 'custom'
  path: ['startTime'] | ['endTime']
  message: string
}

/** The latest instant a new slot may start at, seen at `now`. */
export function latestSlotStart(now: Date): Date {
  return new Date(now.getTime() + MAX_SLOT_AHEAD_DAYS * 86_400_000)
}

/** Why a slot from `startTime` to `endTime` cannot be made at `now` (length, then horizon), or null. */
export function slotLimitIssue(
  slot: { startTime: string; endTime: string },
  now: Date,
): SlotLimitIssue | null {
  const start = Date.parse(slot.startTime)
  if (Date.parse(slot.endTime) - start > MAX_SLOT_MINUTES * 60_000) {
    return { code: 'custom', path: ['endTime'], message: 'a slot lasts at most 24 hours' }
  }
  if (start > latestSlotStart(now).getTime()) {
    return { code: 'custom', path: ['startTime'], message: 'a slot starts at most 5 years ahead' }
  }
  return null
}
