/**
 * One audit trail entry in words for the organisation page: who did what to which booking or slot
 * ("Dev Customer cancelled UNI-7K3Q2M for Thursday 3 December 2026, 15:00"). The entry's own
 * snapshot (its `after`, or its `before` for a deletion) names the booking or slot; a snapshot
 * without those facts (a refused change, which records only what was tried, or an entry written
 * before they were kept) is named by the slot or booking as the server stores it now (`subject`),
 * and without that by the short id.
 */
import { type ErrorCode, errorMessages } from '../../../shared/errors.js'
import type { AuditLine } from '../../data/organisationAdmin.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'

const VERBS: Record<string, string> = {
  'booking.created': 'booked',
  'booking.confirmed': 'confirmed',
  'booking.cancelled': 'cancelled',
  'booking.completed': 'marked completed',
  'booking.rejected': 'was refused',
  'booking.deleted': 'deleted',
  'booking.rescheduled': 'rescheduled',
  'slot.created': 'created a slot',
  'slot.updated': 'changed a slot',
  'slot.deleted': 'deleted a slot',
}

interface Snapshot {
  reference?: unknown
  serviceName?: unknown
  startTime?: unknown
  customerName?: unknown
}

/** What the server records of a refused offline change (server/replication: slotDocuments, bookingDocuments). */
interface RefusedChange {
  tried?: { maxBookings?: unknown; blocked?: unknown; _deleted?: unknown; status?: unknown }
  /** A slot's refusals, one per refused field; a booking's one refusal. */
  refusals?: unknown
  refusal?: unknown
}

interface Refusal {
  code?: unknown
  message?: unknown
  field?: unknown
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined

/** What names the entry's booking or slot: its snapshot's facts, else the subject's as stored now. */
function facts(line: AuditLine) {
  const snapshot = (line.after ?? line.before ?? {}) as Snapshot
  return {
    start: text(snapshot.startTime) ?? line.subject?.startTime,
    reference: text(snapshot.reference) ?? line.subject?.reference ?? undefined,
    service: text(snapshot.serviceName) ?? line.subject?.serviceName ?? undefined,
  }
}

/** `names`: user id → name (the members list); `zone`: the time zone times are read in. */
export function describeAudit(line: AuditLine, names: ReadonlyMap<string, string>, zone: string): string {
  const who = line.actorId ? (names.get(line.actorId) ?? 'A former member') : 'The system'
  if (line.action.endsWith('.change_refused')) return describeRefusedChange(line, who, zone)
  const verb = VERBS[line.action] ?? line.action
  const { start, reference, service } = facts(line)
  const named = [reference, service].filter(Boolean).join(' · ')
  const when = start && `${line.entityType === 'booking' ? 'for' : 'on'} ${formatLongDateTime(start, zone)}`
  // "UNI-7K3Q2M for Thursday …" of a booking; "on Thursday … · Maths tutoring" of a slot.
  const parts = line.entityType === 'slot' ? [when, named && `· ${named}`] : [named, when]
  const subject =
    named || when ? parts.filter(Boolean).join(' ') : `${line.entityType} ${line.entityId.slice(0, 8)}`
  // A refusal is the server's doing, not the customer's: "UNI-… was refused" rather than "Lee was refused".
  if (line.action === 'booking.rejected') return `${subject} was refused`
  const changed = line.action === 'slot.updated' ? slotChanges(line) : ''
  return `${who} ${verb} ${subject}${changed && `: ${changed}`}`
}

interface SlotFields {
  maxBookings?: unknown
  blocked?: unknown
}

/** What a slot change changed, from its before and after ("capacity 5 → 6, blocked"); '' when unknown. */
function slotChanges(line: AuditLine): string {
  const before = (line.before ?? {}) as SlotFields
  const after = (line.after ?? {}) as SlotFields
  const changes: string[] = []
  if (typeof after.maxBookings === 'number' && after.maxBookings !== before.maxBookings)
    changes.push(
      typeof before.maxBookings === 'number'
        ? `capacity ${before.maxBookings} → ${after.maxBookings}`
        : `capacity ${after.maxBookings}`,
    )
  if (typeof after.blocked === 'boolean' && after.blocked !== before.blocked)
    changes.push(after.blocked ? 'blocked' : 'opened for booking')
  return changes.join(', ')
}

/**
 * A provider's offline change the server refused (`slot.change_refused`, `booking.change_refused`):
 * "A change by Dr. Ana Weber to the Physio slot on Tuesday 1 December 2026, 10:00 (capacity 1) was
 * not saved: Capacity cannot go below the number of active bookings."
 */
function describeRefusedChange(line: AuditLine, who: string, zone: string): string {
  const after = (line.after ?? {}) as RefusedChange
  const refusals = (Array.isArray(after.refusals) ? after.refusals : [after.refusal]).filter(
    (r): r is Refusal => typeof r === 'object' && r !== null,
  )
  const reasons = refusals.map(reasonOf).filter(Boolean).join(' ')
  const outcome = reasons ? `was not saved: ${reasons}` : 'was not saved.'
  const by = who === 'The system' || who === 'A former member' ? who.toLowerCase() : who
  const { start, reference, service } = facts(line)
  const when = start && formatLongDateTime(start, zone)
  const short = line.entityId.slice(0, 8)
  if (line.entityType === 'booking') {
    const booking = reference ? `booking ${reference}` : when ? 'the booking' : `booking ${short}`
    const subject = when ? `${booking} for ${when}` : booking
    const tried = bookingTried(after.tried)
    return `A change by ${by} to ${subject}${tried ? ` (${tried})` : ''} ${outcome}`
  }
  const slot = service ? `${service} slot` : 'slot'
  if (refusals.some((r) => r.field === 'created'))
    return `A new ${slot}${when ? ` on ${when}` : ''} by ${by} ${outcome}`
  const subject = when ? `the ${slot} on ${when}` : `slot ${short}`
  const tried = refusals.map((r) => slotTried(r.field, after.tried)).filter(Boolean)
  return `A change by ${by} to ${subject}${tried.length > 0 ? ` (${tried.join(', ')})` : ''} ${outcome}`
}

function reasonOf(refusal: Refusal): string {
  const message = text(refusal.message)
  if (message) return message
  const code = text(refusal.code)
  return code && code in errorMessages ? errorMessages[code as ErrorCode] : ''
}

function slotTried(field: unknown, tried: RefusedChange['tried']): string | null {
  switch (field) {
    case 'maxBookings':
      return typeof tried?.maxBookings === 'number' ? `capacity ${tried.maxBookings}` : 'its capacity'
    case 'blocked':
      return tried?.blocked ? 'blocking it' : 'opening it for booking'
    case '_deleted':
      return 'deleting it'
    default:
      return null
  }
}

const STATUS_TRIED: Record<string, string> = {
  CONFIRMED: 'confirming it',
  CANCELLED: 'cancelling it',
  COMPLETED: 'marking it completed',
}

function bookingTried(tried: RefusedChange['tried']): string | null {
  if (tried?._deleted === true) return 'deleting it'
  const status = text(tried?.status)
  if (!status) return null
  return STATUS_TRIED[status] ?? `setting it to ${status.toLowerCase()}`
}
