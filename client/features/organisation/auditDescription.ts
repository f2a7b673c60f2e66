/**
 * One audit trail entry in words for the organisation page: who did what to which booking or slot
 * ("Dev Customer cancelled UNI-7K3Q2M for Thursday 3 December 2026, 15:00"). The entry's own
 * snapshot (its `after`, or its `before` for a deletion) names the booking or slot; a snapshot
 * without those facts (an entry written before they were kept) falls back to the short id.
 */
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

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined

/** `names`: user id → name (the members list); `zone`: the time zone times are read in. */
export function describeAudit(line: AuditLine, names: ReadonlyMap<string, string>, zone: string): string {
  const who = line.actorId ? (names.get(line.actorId) ?? 'A former member') : 'The system'
  const verb = VERBS[line.action] ?? line.action
  const snapshot = (line.after ?? line.before ?? {}) as Snapshot
  const start = text(snapshot.startTime)
  const named = [text(snapshot.reference), text(snapshot.serviceName)].filter(Boolean).join(' · ')
  const when = start && `${line.entityType === 'booking' ? 'for' : 'on'} ${formatLongDateTime(start, zone)}`
  // "UNI-7K3Q2M for Thursday …" of a booking; "on Thursday … · Maths tutoring" of a slot.
  const parts = line.entityType === 'slot' ? [when, named && `· ${named}`] : [named, when]
  const subject =
    named || when ? parts.filter(Boolean).join(' ') : `${line.entityType} ${line.entityId.slice(0, 8)}`
  // A refusal is the server's doing, not the customer's: "UNI-… was refused" rather than "Lee was refused".
  if (line.action === 'booking.rejected') return `${subject} was refused`
  return `${who} ${verb} ${subject}`
}
