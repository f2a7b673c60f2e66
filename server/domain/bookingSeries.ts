/**
 * A recurring booking: the same weekly time with the same provider and service, for N weeks or
 * until a date, in the caller's transaction. Every occurrence is booked by createBooking (the one
 * seat statement) and gets its own outcome. BOOK_WHAT_IS_FREE keeps every booked occurrence;
 * ALL_OR_NOTHING runs the bookings under a savepoint and rolls all of them back when any occurrence
 * is refused, so it holds no seat unless it holds all of them.
 *
 * The series row stores the outcome list: a replay of the same id (a lost answer, an offline device
 * pushing again) is answered with the stored outcome and books nothing twice (invariant 3).
 * Occurrences are booked in slot-id order, the lock order every multi-slot command keeps
 * (server/domain/reschedule.ts), so two series over the same slots queue instead of deadlocking.
 */
import { randomUUID } from 'node:crypto'
import {
  type BookingSeries,
  MAX_SERIES_OCCURRENCES,
  type SeriesMode,
  type SeriesOccurrence,
  seriesStartTimes,
} from '../../shared/bookingOperations.js'
import { ErrorCode, type Outcome, accepted, errorMessages, refused } from '../../shared/errors.js'
import { mayBook } from '../../shared/policy.js'
import type { Queryable } from '../db/database.js'
import { withSavepoint } from '../db/savepoint.js'
import type { Actor } from './actor.js'
import { heldMembershipRefusal } from './heldMembership.js'
import { createBooking, getBooking } from './bookings.js'
import { isoInstant } from './rowValues.js'
import { notifySeriesOutcome } from './notifications.js'

export interface CreateSeriesInput {
  id: string
  firstSlotId: string
  repeat: { weeks: number } | { until: string }
  mode: SeriesMode
  notes: string
}

interface SeriesRow {
  id: string
  customer_id: string
  provider_id: string
  service_id: string
  mode: SeriesMode
  occurrences: SeriesOccurrence[]
  /** What it was asked for (seriesRequest); null for a series made before migration 030. */
  request: SeriesRequest | null
  created_at: Date | string
}

/** What a series id was used for: a replay asking anything else is another series. */
type SeriesRequest = Pick<CreateSeriesInput, 'firstSlotId' | 'repeat' | 'mode'>

function seriesRequest(input: SeriesRequest): SeriesRequest {
  return { firstSlotId: input.firstSlotId, repeat: input.repeat, mode: input.mode }
}

/**
 * Whether `input` replays the stored series: the same customer asking the same first slot, repeat
 * and mode (notes are not compared: the offline client may resend, and a replay stays idempotent).
 */
function replays(stored: SeriesRow, actor: Actor, input: CreateSeriesInput): boolean {
  if (stored.customer_id !== actor.userId) return false
  if (stored.request === null) return true
  return JSON.stringify(seriesRequest(stored.request)) === JSON.stringify(seriesRequest(input))
}

/** The answer to a series id another series already uses (the id is never reused). */
function seriesIdTaken(id: string) {
  return refused(
    ErrorCode.BOOKING_ID_TAKEN,
    { id },
    'This series id was already used for another series request; a new series needs a new id.',
  )
}

function seriesFromRow(row: SeriesRow): BookingSeries {
  return {
    id: row.id,
    mode: row.mode,
    providerId: row.provider_id,
    serviceId: row.service_id,
    booked: row.occurrences.filter((o) => o.ok).length,
    occurrences: row.occurrences,
    createdAt: isoInstant(row.created_at),
  }
}

async function readSeries(tx: Queryable, id: string): Promise<SeriesRow | null> {
  const { rows } = await tx.query<SeriesRow>(
    'SELECT id, customer_id, provider_id, service_id, mode, occurrences, request, created_at FROM booking_series WHERE id = $1',
    [id],
  )
  return rows[0] ?? null
}

const notABooker = () => refused(ErrorCode.FORBIDDEN, undefined, 'Only customers book slots.')

interface FirstSlot {
  provider_id: string
  service_id: string
  start_time: Date | string
  time_zone: string
}

export async function createBookingSeries(
  tx: Queryable,
  actor: Actor,
  input: CreateSeriesInput,
): Promise<Outcome<BookingSeries>> {
  if (!mayBook(actor)) return notABooker()
  // Held until the commit (heldMembership.ts): a concurrent removal waits and then counts every
  // booking of the series, or the series is refused whole, as after the removal, with nothing stored.
  const notMember = await heldMembershipRefusal(tx, actor, mayBook, notABooker)
  if (notMember) return notMember
  const existing = await readSeries(tx, input.id)
  if (existing)
    return replays(existing, actor, input) ? accepted(seriesFromRow(existing)) : seriesIdTaken(input.id)
  const { rows } = await tx.query<FirstSlot>(
    `SELECT s.provider_id, s.service_id, s.start_time, p.time_zone
     FROM slots s JOIN users p ON p.id = s.provider_id WHERE s.id = $1 AND NOT s.deleted`,
    [input.firstSlotId],
  )
  const first = rows[0]
  if (!first) return refused(ErrorCode.SLOT_NOT_FOUND, { slotId: input.firstSlotId })
  const starts = seriesStartTimes(isoInstant(first.start_time), first.time_zone, input.repeat)
  if (starts.length > MAX_SERIES_OCCURRENCES) {
    return refused(
      ErrorCode.VALIDATION_FAILED,
      { occurrences: starts.length, max: MAX_SERIES_OCCURRENCES },
      `A series has at most ${MAX_SERIES_OCCURRENCES} occurrences.`,
    )
  }
  const slotAt = await weeklySlots(tx, first, starts)

  // The series row first: the bookings name it. A concurrent replay of the same id waits on this
  // row, inserts nothing, and answers with the outcome the first request stored.
  const inserted = await tx.query(
    `INSERT INTO booking_series (id, customer_id, provider_id, service_id, mode, occurrences, request)
     VALUES ($1, $2, $3, $4, $5, '[]'::jsonb, $6::jsonb) ON CONFLICT (id) DO NOTHING`,
    [
      input.id,
      actor.userId,
      first.provider_id,
      first.service_id,
      input.mode,
      JSON.stringify(seriesRequest(input)),
    ],
  )
  if (inserted.rowCount === 0) {
    const replayed = await readSeries(tx, input.id)
    return replayed && replays(replayed, actor, input)
      ? accepted(seriesFromRow(replayed))
      : seriesIdTaken(input.id)
  }
  const planned = starts.map((startTime, index) => ({
    index,
    startTime,
    slotId: slotAt.get(startTime) ?? null,
  }))
  const occurrences =
    input.mode === 'ALL_OR_NOTHING'
      ? await bookAllOrNothing(tx, actor, input, planned)
      : await bookEach(tx, actor, input, planned)
  await tx.query('UPDATE booking_series SET occurrences = $2::jsonb WHERE id = $1', [
    input.id,
    JSON.stringify(occurrences),
  ])
  const stored = await readSeries(tx, input.id)
  if (!stored) throw new Error(`series ${input.id} vanished inside its own transaction`)
  await notifySeriesOutcome(tx, actor, input.firstSlotId, seriesFromRow(stored))
  return accepted(seriesFromRow(stored))
}

/** The provider's slot of the same service starting at each instant, if any. */
async function weeklySlots(tx: Queryable, first: FirstSlot, starts: string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ id: string; start_time: Date | string }>(
    `SELECT id, start_time FROM slots
     WHERE provider_id = $1 AND service_id = $2 AND start_time = ANY($3::timestamptz[]) AND NOT deleted
     ORDER BY start_time, id`,
    [first.provider_id, first.service_id, starts],
  )
  const slotAt = new Map<string, string>()
  for (const row of rows) {
    const at = isoInstant(row.start_time)
    if (!slotAt.has(at)) slotAt.set(at, row.id)
  }
  return slotAt
}

interface PlannedOccurrence {
  index: number
  startTime: string
  slotId: string | null
}

function refusedOccurrence(planned: PlannedOccurrence, code: ErrorCode, message = errorMessages[code]) {
  return { ...planned, ok: false, code, message } satisfies SeriesOccurrence
}

/** Books every occurrence that has a slot, in slot-id order; the outcomes come back in week order. */
async function bookEach(
  tx: Queryable,
  actor: Actor,
  input: CreateSeriesInput,
  planned: PlannedOccurrence[],
): Promise<SeriesOccurrence[]> {
  const outcomes = new Map<number, SeriesOccurrence>()
  const inLockOrder = [...planned].sort((a, b) => (a.slotId ?? '').localeCompare(b.slotId ?? ''))
  for (const occurrence of inLockOrder) {
    if (occurrence.slotId === null) {
      outcomes.set(occurrence.index, refusedOccurrence(occurrence, ErrorCode.SLOT_NOT_FOUND))
      continue
    }
    const bookingId = randomUUID()
    const booked = await createBooking(tx, actor, {
      id: bookingId,
      slotId: occurrence.slotId,
      notes: input.notes,
    })
    if (!booked.ok) {
      outcomes.set(
        occurrence.index,
        refusedOccurrence(occurrence, booked.refusal.code, booked.refusal.message),
      )
      continue
    }
    await tx.query('UPDATE bookings SET series_id = $2, series_index = $3 WHERE id = $1', [
      bookingId,
      input.id,
      occurrence.index,
    ])
    outcomes.set(occurrence.index, { ...occurrence, ok: true, bookingId })
  }
  return planned.map((occurrence) => outcomes.get(occurrence.index) as SeriesOccurrence)
}

/** Every occurrence or none: a refusal of any rolls every booking of the series back. */
async function bookAllOrNothing(
  tx: Queryable,
  actor: Actor,
  input: CreateSeriesInput,
  planned: PlannedOccurrence[],
): Promise<SeriesOccurrence[]> {
  let attempted: SeriesOccurrence[] = []
  const outcome = await withSavepoint(tx, async (inner) => {
    attempted = await bookEach(inner, actor, input, planned)
    return attempted.every((o) => o.ok) ? accepted(attempted) : refused(ErrorCode.ROLLED_BACK)
  })
  if (outcome.ok) return outcome.value
  return attempted.map((occurrence) => {
    if (!occurrence.ok) return occurrence
    const { bookingId: _rolledBack, ...rest } = occurrence
    return refusedOccurrence(rest, ErrorCode.ROLLED_BACK)
  })
}

/**
 * The active bookings of the series from `bookingId`'s occurrence on ("cancel the rest of the
 * series"), for the actor's own bookings only; in occurrence order. Empty when it is not in a series.
 */
export async function restOfSeries(
  tx: Queryable,
  actor: Actor,
  bookingId: string,
): Promise<Outcome<string[]>> {
  // Refused as every /api/bookings/:id route refuses it: unknown 404, another user's 403.
  const booking = await getBooking(tx, actor, bookingId)
  if (!booking.ok) return booking
  const { rows } = await tx.query<{ id: string }>(
    `SELECT later.id FROM bookings b
     JOIN bookings later ON later.series_id = b.series_id AND later.series_index >= b.series_index
     WHERE b.id = $1 AND b.customer_id = $2 AND later.customer_id = $2
       AND later.status IN ('PENDING', 'CONFIRMED') AND NOT later.deleted
     ORDER BY later.series_index`,
    [bookingId, actor.userId],
  )
  return accepted(rows.map((row) => row.id))
}

/** A customer's own series with its stored outcomes (another user's reads as not found). */
export async function readOwnSeries(
  tx: Queryable,
  actor: Actor,
  id: string,
): Promise<Outcome<BookingSeries>> {
  const row = await readSeries(tx, id)
  if (!row || row.customer_id !== actor.userId) return refused(ErrorCode.NOT_FOUND, { id }, 'No such series.')
  return accepted(seriesFromRow(row))
}

/** The customer's series, newest first (at most 100), for "cancel the rest of the series" in the UI. */
export async function listOwnSeries(tx: Queryable, actor: Actor): Promise<BookingSeries[]> {
  const { rows } = await tx.query<SeriesRow>(
    `SELECT id, customer_id, provider_id, service_id, mode, occurrences, request, created_at FROM booking_series
     WHERE customer_id = $1 ORDER BY created_at DESC, id LIMIT 100`,
    [actor.userId],
  )
  return rows.map(seriesFromRow)
}
