/**
 * One audit trail entry in words for the organisation page: who did what to which booking or slot
 * ("Dev Customer cancelled UNI-7K3Q2M for Thursday 3 December 2026, 15:00"), invitation, webhook
 * endpoint or organisation (the last two: settingsAuditDescription.ts). The entry's own
 * snapshot (its `after`, or its `before` for a deletion) names the booking or slot; a snapshot
 * without those facts (a refused change, which records only what was tried, or an entry written
 * before they were kept) is named by the slot or booking as the server stores it now (`subject`),
 * and without that by the short id. Written for whoever reads the trail, usually not the member who
 * acted: refusals say "their slots", not "your slots"; a weekly pattern's slots read as one row.
 */
import { BOOKING_PROMOTED } from '../../../shared/auditEntities.js'
import {
  BOOKING_CONFIRMATION_CHANGED,
  bookingConfirmationChangeText,
} from '../../../shared/bookingConfirmation.js'
import { ErrorCode, errorMessages } from '../../../shared/errors.js'
import { reasonText } from '../../../shared/notifications.js'
import { continuesAuditRow } from '../../../shared/organisations.js'
import type { AuditLine } from '../../data/organisationAdmin.js'
import {
  dayKey,
  formatLongDate,
  formatLongDateTime,
  formatTime,
  formatWeekday,
  parseLocalDateTime,
} from '../../ui/calendarTime.js'
import { describeOrganisationChange, describeWebhookEndpointChange } from './settingsAuditDescription.js'

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
  /** The provider's reason for a cancellation or a decline. */
  statusReason?: unknown
}

/** What the server records of a refused offline change (server/replication: slotDocuments, bookingDocuments). */
interface RefusedChange {
  tried?: {
    maxBookings?: unknown
    blocked?: unknown
    _deleted?: unknown
    status?: unknown
    /** A refused new slot's time (kept since the entry names it: no slot holds it). */
    startTime?: unknown
  }
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

const actorName = (actorId: string | null, names: ReadonlyMap<string, string>) =>
  actorId ? (names.get(actorId) ?? 'A former member') : 'The system'

/** The actor's name inside a sentence ("by the system", "by a former member"). */
const withinSentence = (who: string) =>
  who === 'The system' || who === 'A former member' ? who.toLowerCase() : who

/** What names the entry's booking or slot: its snapshot's facts, else the subject's as stored now. */
function facts(line: AuditLine) {
  const snapshot = (line.after ?? line.before ?? {}) as Snapshot
  return {
    start: text(snapshot.startTime) ?? line.subject?.startTime,
    reference: text(snapshot.reference) ?? line.subject?.reference ?? undefined,
    service: text(snapshot.serviceName) ?? line.subject?.serviceName ?? undefined,
  }
}

/**
 * Whether the entry is a provider declining a request: their cancellation of their booking while it
 * was PENDING. Told apart as insights tell it (CANCELLED_BY in server/domain/insightsGroups.ts), so
 * the trail and the "declined" count agree; the customer withdrawing their request still cancelled it.
 */
function declinedRequest(line: AuditLine): boolean {
  if (line.action !== 'booking.cancelled' || line.actorId === null) return false
  const before = (line.before ?? {}) as { status?: unknown; providerId?: unknown }
  return before.status === 'PENDING' && before.providerId === line.actorId
}

/** `names`: user id → name (the members list); `zone`: the time zone times are read in. */
export function describeAudit(line: AuditLine, names: ReadonlyMap<string, string>, zone: string): string {
  const who = actorName(line.actorId, names)
  if (line.action.endsWith('.change_refused')) return describeRefusedChange(line, who, zone)
  // A provider's own setting (entity type member): not a membership change.
  if (line.action === BOOKING_CONFIRMATION_CHANGED)
    return `${who} ${bookingConfirmationChangeText(line.after)}`
  if (line.entityType === 'invitation' || line.entityType === 'member')
    return describeMembership(line, who, names, zone)
  if (line.entityType === 'webhook_endpoint') return describeWebhookEndpointChange(line, who, zone)
  if (line.entityType === 'organisation') return describeOrganisationChange(line, who)
  const verb = declinedRequest(line) ? 'declined' : (VERBS[line.action] ?? line.action)
  const { start, reference, service } = facts(line)
  const named = [reference, service].filter(Boolean).join(' · ')
  const when = start && `${line.entityType === 'booking' ? 'for' : 'on'} ${formatLongDateTime(start, zone)}`
  // "UNI-7K3Q2M for Thursday …" of a booking; "on Thursday … · Maths tutoring" of a slot.
  const parts = line.entityType === 'slot' ? [when, named && `· ${named}`] : [named, when]
  const subject =
    named || when ? parts.filter(Boolean).join(' ') : `${line.entityType} ${line.entityId.slice(0, 8)}`
  // A refusal is the server's doing, not the customer's: "UNI-… was refused" rather than "Lee was refused".
  if (line.action === 'booking.rejected') return `${subject} was refused`
  // So is a seat given from the waitlist: the customer is named as who got it, not as who acted.
  if (line.action === BOOKING_PROMOTED) {
    const customer = text((line.after as Snapshot | null)?.customerName) ?? 'A customer'
    return `${customer} was given a seat from the waitlist: ${subject}`
  }
  const changed = line.action === 'slot.updated' ? slotChanges(line) : ''
  const reason =
    line.action === 'booking.cancelled' ? text((line.after as Snapshot | null)?.statusReason) : ''
  return `${who} ${verb} ${subject}${changed && `: ${changed}`}${reason ? `. ${reasonText(reason)}` : ''}`
}

/** "a provider", "an admin": the role an invitation gives (shared/schemas.ts MembershipRole). */
const ROLE_WORDS: Record<string, string> = {
  customer: 'a customer',
  provider: 'a provider',
  admin: 'an admin',
}

/**
 * Who was given a role, or lost one (server/domain/organisations.ts, memberManagement.ts): "Dr. Ana
 * Weber invited someone to join as a provider (the link works until Friday 4 December 2026, 10:00)";
 * "Lee Park joined as a provider, invited by Dr. Ana Weber"; "Dr. Ana Weber revoked an invitation to
 * join as a provider"; "Dr. Ana Weber made Lee Park an admin (was a provider)"; "Dr. Ana Weber
 * removed Lee Park (a provider)".
 */
function describeMembership(
  line: AuditLine,
  who: string,
  names: ReadonlyMap<string, string>,
  zone: string,
): string {
  const after = (line.after ?? {}) as { role?: unknown; expiresAt?: unknown; invitedBy?: unknown }
  const before = (line.before ?? {}) as { role?: unknown; name?: unknown }
  const role = ROLE_WORDS[text(after.role) ?? ''] ?? 'a member'
  const formerRole = ROLE_WORDS[text(before.role) ?? ''] ?? 'a member'
  // The member by name: as the members list has them, else as the entry recorded (a removed member).
  const member = names.get(line.entityId) ?? text(before.name) ?? 'a former member'
  if (line.action === 'invitation.revoked') return `${who} revoked an invitation to join as ${formerRole}`
  if (line.action === 'member.role_changed') return `${who} made ${member} ${role} (was ${formerRole})`
  if (line.action === 'member.removed') {
    return line.actorId === line.entityId
      ? `${who} left the organisation (was ${formerRole})`
      : `${who} removed ${member} (${formerRole})`
  }
  if (line.action === 'invitation.created') {
    const until = text(after.expiresAt)
    return `${who} invited someone to join as ${role}${until ? ` (the link works until ${formatLongDateTime(until, zone)})` : ''}`
  }
  const inviter = text(after.invitedBy)
  return `${who} joined as ${role}${inviter ? `, invited by ${withinSentence(actorName(inviter, names))}` : ''}`
}

/**
 * The names the trail can give: the members list's, and a former member's as a later entry recorded
 * it (a removal or role change keeps the member's name), so their earlier entries (joining, slots
 * made) name them too rather than "a former member". Newest first: the latest recorded name.
 */
export function namesInTrail(
  lines: readonly AuditLine[],
  names: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  let known: Map<string, string> | null = null
  for (const line of lines) {
    if (line.entityType !== 'member' || names.has(line.entityId) || known?.has(line.entityId)) continue
    const name = text((line.before as { name?: unknown } | null)?.name)
    if (!name) continue
    known ??= new Map(names)
    known.set(line.entityId, name)
  }
  return known ?? names
}

/** One row of the trail: an entry, or the entries of one action that made several slots at once. */
export interface AuditRow {
  /** The first entry's id (React's key). */
  id: number
  action: string
  at: string
  text: string
}

/**
 * The entries in words, newest first as given. A weekly pattern writes one entry per slot, all in
 * one statement (the same member at the same moment): they read as one row, "Dr. Ana Weber created
 * 23 slots, Mondays 09:00 from Monday 5 January 2026 to Monday 8 June 2026 · Physio".
 */
export function auditRows(
  lines: readonly AuditLine[],
  names: ReadonlyMap<string, string>,
  zone: string,
): AuditRow[] {
  const known = namesInTrail(lines, names)
  const groups: AuditLine[][] = []
  for (const line of lines) {
    const group = groups.at(-1)
    const first = group?.[0]
    if (group && first && continuesAuditRow(first, line)) group.push(line)
    else groups.push([line])
  }
  return groups.map((group) => {
    const first = group[0] as AuditLine
    const text =
      group.length === 1 ? describeAudit(first, known, zone) : describeSlotsMade(group, known, zone)
    return { id: first.id, action: first.action, at: first.at, text }
  })
}

function describeSlotsMade(group: readonly AuditLine[], names: ReadonlyMap<string, string>, zone: string) {
  const who = actorName(group[0]?.actorId ?? null, names)
  const slots = group.map(facts)
  const starts = slots
    .map((slot) => slot.start)
    .filter((start): start is string => start !== undefined)
    .sort()
  const services = new Set(slots.map((slot) => slot.service).filter(Boolean))
  const first = starts[0]
  const last = starts.at(-1)
  // Weekdays in the week's order (Monday first), times in the day's order.
  const weekdays = distinct(
    [...starts].sort((a, b) => weekdayIndex(a, zone) - weekdayIndex(b, zone)),
    (start) => `${formatWeekday(start, zone)}s`,
  )
  const times = distinct(
    [...starts].sort((a, b) => minuteOfDay(a, zone) - minuteOfDay(b, zone)),
    (start) => formatTime(start, zone),
  )
  const when =
    first && last
      ? ` ${listWords(weekdays)} ${times.join(', ')} from ${formatLongDate(first, zone)} to ${formatLongDate(last, zone)}`
      : ''
  const service = services.size === 1 ? ` · ${[...services][0]}` : ''
  return `${who} created ${group.length} slots${when ? `,${when}` : ''}${service}`
}

/** 0 for Monday to 6 for Sunday, of the start's day in the zone (its key is a date: UTC is exact). */
const weekdayIndex = (start: string, zone: string) =>
  (new Date(`${dayKey(start, zone)}T00:00:00Z`).getUTCDay() + 6) % 7

/** Minutes since the start's local midnight, to order times of day however they are written. */
const minuteOfDay = (start: string, zone: string) =>
  Date.parse(start) - (parseLocalDateTime(dayKey(start, zone), undefined, zone)?.getTime() ?? 0)

function distinct<T>(items: readonly T[], key: (item: T) => string): string[] {
  return [...new Set(items.map(key))]
}

/** "Mondays", "Mondays and Thursdays", "Mondays, Wednesdays and Fridays". */
function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
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
  const by = withinSentence(who)
  const { reference, service, ...known } = facts(line)
  const start = known.start ?? text(after.tried?.startTime)
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

/**
 * Refusals whose message speaks to the provider who made the change ("another of your slots"), as
 * the audit's reader reads them: an admin reading another provider's entry.
 */
const READER_REASONS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.SLOT_OVERLAPS]: 'It overlaps another of their slots.',
  [ErrorCode.STALE_BASE]: 'Someone else changed it first (another of their devices, or a customer).',
  [ErrorCode.BOOKING_CANCELLED]:
    'The booking had been cancelled (on another of their devices, or by the provider).',
}

function reasonOf(refusal: Refusal): string {
  const code = text(refusal.code) as ErrorCode | undefined
  const message = text(refusal.message)
  const known = code && code in errorMessages ? errorMessages[code] : ''
  // Only the shared words are replaced: a message of its own says more than the code.
  const readers = code && (!message || message === known) ? READER_REASONS[code] : undefined
  return readers ?? message ?? known
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
