/**
 * A weekly series booked on the device (issue 11, offline): kept in the device's series outbox until
 * the server has answered it, then with its per-week outcome until the customer dismisses it.
 *
 * Why a local document and not booking documents pushed by replication: the server resolves a series
 * as one unit (POST /api/bookings/series, one transaction; "all or nothing" rolls back every week if
 * one fails). Booking documents carrying a series id would reach the server in RxDB's push batches,
 * which may split a series; the server would then have to hold back a half-pushed series and
 * reassemble it, and an "all or nothing" booking would be visible as separate rows that each look
 * like an ordinary booking. The outbox sends the very request the online form sends, idempotent on
 * the series id (a lost answer, a reconnect flapping, two tabs: the server answers the stored outcome
 * and books nothing twice), and it costs no collection: RxDB's open-core build allows 13 open
 * collections per process (rx-collection.ts, COL23), which headless test devices of four collections
 * each already press against, and local documents are not a collection.
 *
 * While it waits, the series is shown with its planned weeks (the device's slots of the same provider
 * and service, a week apart) as the customer's unsent bookings: named, never counted as seats, since
 * the server has given none yet.
 */
import {
  type BookingSeries,
  type CreateSeriesBody,
  MAX_SERIES_OCCURRENCES,
} from '../../shared/bookingOperations.js'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { SlotDoc } from '../../shared/replication.js'
import { BookingNotes } from '../../shared/schemas.js'
import type { Observable } from 'rxjs'
import type { ClientDatabase } from './database.js'
import { onePerDatabase } from './onePerDatabase.js'
import { localList } from './localList.js'
import { checkedText } from './typedText.js'
import { optimisticBookings } from './optimisticBookings.js'
import { CLOCK_CHANGE_MS, sessionNear, WEEK_MS } from './weeklySessions.js'

export type SeriesRequest = CreateSeriesBody & { id: string }

/** A week of the series as the device planned it (the server's outcome replaces it). */
export interface PlannedOccurrence {
  index: number
  /** The device's slot for that week, or null when it knows none. */
  slotId: string | null
  startTime: string
}

export interface QueuedSeries {
  id: string
  request: SeriesRequest
  providerId: string
  providerName: string
  serviceId: string
  serviceName: string
  planned: PlannedOccurrence[]
  /** When the customer booked it (the device's clock). */
  queuedAt: string
  /** waiting: not answered yet; answered: `result` holds each week's outcome; refused: `refusal` says why. */
  state: 'waiting' | 'answered' | 'refused'
  result?: BookingSeries
  refusal?: { code: string; message: string }
}

export interface SeriesOutbox {
  series$: Observable<QueuedSeries[]>
  current(): Promise<QueuedSeries[]>
  /** Plans the weeks from the device's slots and keeps the series until the server answers it. */
  queue(request: SeriesRequest, now?: Date): Promise<QueuedSeries>
  answered(id: string, result: BookingSeries): Promise<void>
  refused(id: string, refusal: { code: string; message: string }): Promise<void>
  /** The customer has read the outcome (a waiting series stays: it is still to be sent). */
  dismiss(id: string): Promise<void>
}

const OUTBOX_DOCUMENT = 'seriesOutbox'

/** The database's series outbox (one per database, shared by the actions and the sender). */
export const seriesOutbox: (db: ClientDatabase) => SeriesOutbox = onePerDatabase(openOutbox)

export const isWaiting = (series: QueuedSeries): boolean => series.state === 'waiting'

function openOutbox(db: ClientDatabase): SeriesOutbox {
  const { list$, current, update } = localList<QueuedSeries>(db, OUTBOX_DOCUMENT)
  const settle = (id: string, answer: Pick<QueuedSeries, 'state' | 'result' | 'refusal'>) =>
    // Only a waiting series takes an answer: a second answer (a replay) is the same outcome.
    update((list) =>
      list.some((s) => s.id === id && isWaiting(s))
        ? list.map((s) => (s.id === id ? { ...s, ...answer } : s))
        : list,
    )
  return {
    series$: list$,
    current,
    async queue(request, now = new Date()) {
      // The note every week carries: one the server refuses would refuse the whole series once sent.
      checkedText(request.notes ?? '', BookingNotes, 'notes', 'note')
      const { first, planned } = await planWeeks(db, request)
      const series: QueuedSeries = {
        id: request.id,
        request,
        providerId: first.providerId,
        providerName: first.providerName,
        serviceId: first.serviceId,
        serviceName: first.serviceName,
        planned,
        queuedAt: now.toISOString(),
        state: 'waiting',
      }
      await update((list) => (list.some((s) => s.id === series.id) ? list : [...list, series]))
      return series
    },
    answered: (id, result) => settle(id, { state: 'answered', result }),
    refused: (id, refusal) => settle(id, { state: 'refused', refusal }),
    dismiss: (id) =>
      update((list) =>
        list.some((s) => s.id === id && !isWaiting(s)) ? list.filter((s) => s.id !== id) : list,
      ),
  }
}

/**
 * The weeks of the series from the device's slots: the first slot's time plus whole weeks, matched to
 * a stored slot of the same provider and service within an hour (a clock change in the provider's
 * zone, which the device does not know). The server plans again in the provider's zone and decides.
 */
async function planWeeks(
  db: ClientDatabase,
  request: SeriesRequest,
): Promise<{ first: SlotDoc; planned: PlannedOccurrence[] }> {
  // Before the first pull has stored the week on screen, the slot is the one the view showed.
  const found = await db.slots.findOne(request.firstSlotId).exec()
  const first =
    (found?.toJSON() as SlotDoc | undefined) ?? optimisticBookings(db).shownSlots.get(request.firstSlotId)
  if (!first)
    throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, {
      slotId: request.firstSlotId,
    })
  const firstAt = Date.parse(first.startTime)
  const sameKind = (
    await db.slots
      .find({
        selector: {
          providerId: first.providerId,
          serviceId: first.serviceId,
          startTime: { $gte: new Date(firstAt - CLOCK_CHANGE_MS).toISOString() },
        },
      })
      .exec()
  ).map((doc) => doc.toJSON() as SlotDoc)
  const planned: PlannedOccurrence[] = []
  for (let index = 0; index <= MAX_SERIES_OCCURRENCES; index++) {
    const at = firstAt + index * WEEK_MS
    const startTime = new Date(at).toISOString()
    if (request.weeks !== undefined ? index >= request.weeks : startTime.slice(0, 10) > (request.until ?? ''))
      break
    const slot = index === 0 ? first : sessionNear(sameKind, at)
    planned.push({ index, slotId: slot?.id ?? null, startTime: slot?.startTime ?? startTime })
  }
  // An end date before the first session books nothing: said now, not sent to come back "0 of 0".
  if (planned.length === 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The end date is before the first session.', {
      until: request.until,
    })
  }
  if (planned.length > MAX_SERIES_OCCURRENCES) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `A series has at most ${MAX_SERIES_OCCURRENCES} occurrences.`,
      { occurrences: planned.length, max: MAX_SERIES_OCCURRENCES },
    )
  }
  return { first, planned }
}
