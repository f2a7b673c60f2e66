/**
 * Booking changes as local writes (offline-capable): the device writes its RxDB document, the UI
 * shows the effect at once, and replication pushes it; the server's answer (possibly REJECTED with
 * a reason) replaces the local document. Checks here only spare the user a doomed request; the
 * server decides.
 */
import { isActive, statusChangeRefusal } from '../../shared/availability.js'
import { declinesRequest } from '../../shared/declinedRequest.js'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import { cleanedFreeText, cleanedTextArea } from '../../shared/freeTextCleaning.js'
import { statusNeedsReason } from '../../shared/policy.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import {
  type Booking,
  BookingNotes,
  type CreateBookingBody,
  LINE_CHARACTERS,
  StatusReason,
} from '../../shared/schemas.js'
import { hasVisibleContent } from '../../shared/visibleText.js'
import type { BookingActions, Session, SlotView } from './api.js'
import type { ClientDatabase } from './database.js'
import { optimisticBookings } from './optimisticBookings.js'
import { providerChangeLog } from './providerChanges.js'
import type { ServerApi } from './serverApi.js'
import { roleHere } from './session.js'
import { slotView } from './slotViews.js'
import { checkedText } from './typedText.js'
import { recordMove } from './unsentMoves.js'

export interface BookingActionOptions {
  clock?: () => Date
  /**
   * Sends a new booking to the server at once, beside the local write, where the network allows
   * (issue 13: click on one device -> seat on another). The local write and its push stay the way
   * the booking is kept and answered: this only saves the other devices the wait for IndexedDB and
   * RxDB's upstream (tens of ms in Chromium). Both carry the booking's id, so the server books it
   * once (the push is then a replay, answered with the server's document); a refusal or a failure
   * here changes nothing, as the push is judged on its own.
   */
  sendAhead?: (booking: CreateBookingBody) => void
}

/** sendAhead over the server's API: `POST /api/bookings`, its outcome left to the push (see above). */
export function sendAheadWith(api: Pick<ServerApi, 'post'>): (booking: CreateBookingBody) => void {
  return (booking) => {
    api.post('/api/bookings', booking).catch(() => {})
  }
}

export function bookingActions(
  db: ClientDatabase,
  session: Session,
  { clock = () => new Date(), sendAhead }: BookingActionOptions = {},
): BookingActions {
  /** The slot as a view on screen shows it, from memory (null: no view shows it). */
  function shownSlot(slotId: string, now: Date): SlotOnDevice | null {
    const memory = optimisticBookings(db)
    const shown = memory.shownSlots.get(slotId)
    if (!shown) return null
    const bookings = memory.shownBookings.filter((b) => b.slotId === slotId)
    return { view: slotView(shown, bookings, now), bookings }
  }

  /** The slot, if a seat looks free there (the server decides for real); else the refusal. */
  function ensureAvailable(view: SlotView): SlotView {
    const refusal = {
      full: ErrorCode.SLOT_FULL,
      blocked: ErrorCode.SLOT_UNAVAILABLE,
      past: ErrorCode.SLOT_IN_PAST,
    }
    if (view.state !== 'available')
      throw new DomainError(refusal[view.state], errorMessages[refusal[view.state]])
    return view
  }

  /**
   * The slot as this device sees it, if a seat looks free there: checked from memory when a view
   * shows it (no await, so a click changes the screen at once); IndexedDB is read only otherwise.
   */
  async function availableSlot(slotId: string, now = clock()): Promise<SlotView> {
    return ensureAvailable((shownSlot(slotId, now) ?? (await storedSlot(db, slotId, now))).view)
  }

  return {
    async book(slotId, typedNotes) {
      // Cleaned like a provider's reason (below): a pasted vertical tab is a space, not a refusal.
      const notes = checkedText(cleanedTextArea(typedNotes), BookingNotes, 'notes', 'note')
      const memory = optimisticBookings(db)
      const now = clock()
      // Synchronous when the slot is on screen: the booking reaches memory before any await.
      const slot = shownSlot(slotId, now) ?? (await storedSlot(db, slotId, now))
      // One seat per customer per slot (invariant 12): a second would only come back refused.
      if (slot.bookings.some((b) => b.customerId === session.user.id && isActive(b.status)))
        throw new DomainError(ErrorCode.ALREADY_BOOKED, errorMessages.ALREADY_BOOKED, { slotId })
      const view = ensureAvailable(slot.view)
      const stamp = now.toISOString()
      const doc: BookingDoc = {
        id: crypto.randomUUID(),
        slotId,
        providerId: view.providerId,
        serviceId: view.serviceId,
        customerId: session.user.id,
        // The server fills the name from its users table; this copy only shows until the push is answered.
        customerName: session.user.name,
        // The server assigns the reference; none shows until the push is answered.
        reference: '',
        startTime: view.startTime,
        status: 'PENDING',
        rejectionReason: null,
        declined: false,
        notes,
        createdAt: stamp,
        updatedAt: stamp,
        rev: null,
        localPending: true,
      }
      // Shown at once from memory (goal 5 of issue 13); the stored document takes over in the views.
      memory.add(doc)
      sendAhead?.({ id: doc.id, slotId, notes })
      try {
        await db.bookings.insert(doc)
      } catch (error) {
        memory.drop(doc.id)
        throw error
      }
      if (memory.viewers === 0) memory.drop(doc.id)
      const { rev: _rev, localPending: _pending, ...booking } = doc
      return booking satisfies Booking
    },

    async setStatus(bookingId, status, typedReason) {
      // Invisible control characters (a vertical tab in pasted text) are cleaned, not refused: the
      // provider cannot see them to remove them, and the text they saw is what is saved.
      const reason =
        typedReason &&
        checkedText(cleanedFreeText(typedReason, LINE_CHARACTERS), StatusReason, 'statusReason', 'reason')
      // The server refuses it too (shared/policy.ts): asked here, the provider is told before saving.
      // The role in the organisation worked in, as the server judges it (session.ts roleHere).
      const role = roleHere(session)
      if (statusNeedsReason(role, status) && !(reason && hasVisibleContent(reason))) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Give the customer a reason: they are shown it.', {
          field: 'reason',
        })
      }
      const doc = await db.bookings.findOne(bookingId).exec()
      if (!doc)
        throw new DomainError(ErrorCode.BOOKING_NOT_FOUND, errorMessages.BOOKING_NOT_FOUND, { id: bookingId })
      const refusal = statusChangeRefusal(doc, status, clock())
      if (refusal === ErrorCode.INVALID_TRANSITION) {
        throw new DomainError(refusal, `A ${doc.status} booking cannot become ${status}.`)
      }
      if (refusal !== null)
        throw new DomainError(refusal, errorMessages[refusal], { startTime: doc.startTime })
      // A decline reads as one on this device at once; the server sets the same (and is not told it).
      const declined = declinesRequest(role, doc.status, status)
      await doc.incrementalPatch({
        status,
        localPending: true,
        ...(reason ? { statusReason: reason } : {}),
        ...(declined ? { declined } : {}),
      })
      // A provider's change is recorded until the server accepts it or says why not (providerChanges.ts).
      if (role === 'provider') {
        await providerChangeLog(db).queued(
          {
            collection: 'bookings',
            docId: bookingId,
            tried: { kind: 'status', status, statusReason: reason },
            slotStart: doc.startTime,
          },
          clock(),
        )
      }
    },

    async reschedule(bookingId, slotId) {
      const doc = await db.bookings.findOne(bookingId).exec()
      if (!doc || !isActive(doc.status))
        throw new DomainError(ErrorCode.BOOKING_NOT_FOUND, errorMessages.BOOKING_NOT_FOUND, { id: bookingId })
      if (doc.slotId === slotId)
        throw new DomainError(ErrorCode.RESCHEDULE_SAME_SLOT, errorMessages.RESCHEDULE_SAME_SLOT)
      const target = await availableSlot(slotId)
      if (target.providerId !== doc.providerId)
        throw new DomainError(ErrorCode.RESCHEDULE_OTHER_PROVIDER, errorMessages.RESCHEDULE_OTHER_PROVIDER)
      // The time the server holds until it makes the move, recorded first: no frame shows the new
      // time as the booking's without it (unsentMoves.ts).
      const held = await db.slots.findOne(doc.slotId).exec()
      await recordMove(db, doc.toJSON() as BookingDoc, slotId, held?.endTime ?? null)
      await doc.incrementalPatch({
        slotId,
        serviceId: target.serviceId,
        startTime: target.startTime,
        localPending: true,
      })
    },
  }
}

/** A slot as this device shows it, with the device's bookings of it. */
interface SlotOnDevice {
  view: SlotView
  bookings: readonly BookingDoc[]
}

/** The slot as stored, with the device's bookings on it (for a slot no view has shown). */
async function storedSlot(db: ClientDatabase, slotId: string, now: Date): Promise<SlotOnDevice> {
  const slot = await db.slots.findOne(slotId).exec()
  if (!slot) throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId })
  const bookings = (await db.bookings.find({ selector: { slotId } }).exec()).map(
    (b) => b.toJSON() as BookingDoc,
  )
  return { view: slotView(slot.toJSON() as SlotDoc, bookings, now), bookings }
}
