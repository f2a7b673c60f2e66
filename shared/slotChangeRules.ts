/**
 * What happens to a provider's change pushed from a device whose copy was out of date, field by field,
 * and the refusal a pushed change carries back. One place for the rule; the server applies it in
 * server/replication/slotDocuments.ts and bookingDocuments.ts, the device shows the outcome
 * (client/data/providerChanges.ts). A "stale base" is a push whose assumed state of the field is not
 * the server's current one: another device (or a customer) changed it first.
 *
 *  - maxBookings: the server's current value wins; the stale change is refused (STALE_BASE) and the
 *    device is told what replaced it, with one click to apply it again on top of the new value.
 *  - blocked: idempotent; the device's value is set whatever the base (blocking twice is blocking).
 *  - deletion: refused as stale when the slot's capacity or block changed since the device's base
 *    (the provider did not see that slot); otherwise checked against the slot as it is now (refused
 *    while it holds active bookings; a customer's booking is not part of the base).
 *  - booking status: the lifecycle decides from the server's current status; a change it no longer
 *    allows (e.g. confirming a booking the customer cancelled) is refused with the server's status,
 *    and so is marking a booking completed before its slot has started (BOOKING_NOT_STARTED,
 *    shared/availability.ts), whatever the base.
 *
 * Several changes to one slot between two pushes: RxDB pushes the document's latest state against
 * the base (assumedMasterState → newDocumentState), so the server sees them as one. It judges each
 * changed field on its own, as if pushed alone, and answers one refusal per refused field; a
 * deletion it accepts makes the other fields moot, one it refuses leaves them judged. What it cannot
 * judge is an earlier change to the same field that the later one replaced before the push: the
 * device lists that one as replaced before it was sent (client/data/providerChanges.ts).
 *
 * Two pushes of one slot, the second made while the first was out (RxDB retries a push with the rows
 * it started with): the second goes on the first's answer, except for what that answer brought from
 * elsewhere, which the device never saw (client/data/answeredBases.ts). So a capacity made on the
 * same stale base as a refused one is refused as stale too, never laid over the other device's value
 * unseen, and a block another device set is not undone by it. The device lists the earlier refusal
 * as replaced by the later change, with no "Apply again" (it would undo the later one).
 */
import { z } from 'zod'
import { type ErrorCode, errorMessages } from './errors.js'

export const SlotField = z.enum(['maxBookings', 'blocked', '_deleted', 'created'])
export type SlotField = z.infer<typeof SlotField>

export type FieldRule = 'server-wins' | 'idempotent' | 'checked'

export const SLOT_FIELD_RULES: Record<Exclude<SlotField, 'created'>, FieldRule> = {
  maxBookings: 'server-wins',
  blocked: 'idempotent',
  _deleted: 'checked',
}

/**
 * Why the server refused a pushed change: carried on the conflict document it answers (server-only,
 * never stored on the device), read by the device's conflict handler.
 */
export const ChangeRefusal = z.object({
  code: z.string().max(64),
  message: z.string().max(500),
  field: z.string().max(32).optional(),
})
export type ChangeRefusal = z.infer<typeof ChangeRefusal>

/**
 * A slot's stale base in words: only its provider changes a slot's capacity or block (mayManageSlot),
 * so the change that came first was made on another of their devices; a customer's booking is not
 * part of the base. The generic STALE_BASE message also names customers, for bookings.
 */
export const SLOT_CHANGED_ELSEWHERE = 'This slot was changed first on another of your devices.'

export function changeRefusal(code: ErrorCode, field?: string, message: string = errorMessages[code]) {
  return field === undefined ? { code, message } : { code, message, field }
}

/** True when a pushed change to `field` was made on a base the server has since moved past. */
export function isStaleBase<T>(field: keyof T, assumed: T, current: T): boolean {
  return SLOT_FIELD_RULES[field as Exclude<SlotField, 'created'>] === 'server-wins'
    ? assumed[field] !== current[field]
    : false
}
