/** What the UI shows for slots and bookings: the replicated documents plus their optimistic effect. */
import { displayedBookings, slotState } from '../../shared/availability.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import { Booking } from '../../shared/schemas.js'
import type { BookingView, SlotView } from './api.js'

export function slotView(doc: SlotDoc, bookingsOnSlot: readonly BookingDoc[], now: Date): SlotView {
  const { rev: _rev, seatTags: _seatTags, localPending, ...slot } = doc
  // The same for every viewer, past slots included: the slot document's counter (and seat tags), plus
  // only this device's own bookings the counter has not counted yet. Completed bookings are not added
  // back for a past slot, though completing gives the seat back: a device holds only its own (a
  // provider's all of them), so each viewer would count a different number. A past slot's card shows
  // no seat count (SlotCard); the provider reads its completed bookings from the bookings themselves.
  const displayed = displayedBookings(doc, bookingsOnSlot)
  const state = slotState({ ...slot, currentBookings: displayed }, now)
  return {
    ...slot,
    displayedBookings: displayed,
    remaining: Math.max(0, slot.maxBookings - displayed),
    state,
    pending: Boolean(localPending) || bookingsOnSlot.some((b) => b.localPending),
  }
}

export function slotViews(slots: readonly SlotDoc[], bookings: readonly BookingDoc[], now: Date): SlotView[] {
  const bySlot = new Map<string, BookingDoc[]>()
  for (const booking of bookings) {
    const list = bySlot.get(booking.slotId)
    if (list) list.push(booking)
    else bySlot.set(booking.slotId, [booking])
  }
  return slots.map((slot) => slotView(slot, bySlot.get(slot.id) ?? [], now))
}

const BOOKING_FIELDS = Object.keys(Booking.shape) as (keyof Booking)[]

/**
 * The domain shape of a booking document (replication fields and RxDB's own fields dropped). Picked,
 * not validated: the document is already on the device, and text stored before a rule existed (a
 * control character in the notes) must still show rather than break the page; the server cleans it
 * on the next push (server/replication/freeTextRepair.ts).
 */
export function publicBooking(doc: BookingDoc): Booking {
  const booking: Partial<Record<keyof Booking, unknown>> = {}
  for (const field of BOOKING_FIELDS) if (doc[field] !== undefined) booking[field] = doc[field]
  return booking as Booking
}

/**
 * Views of documents already made: the hooks hand out the same plain copy for a document revision
 * (hooks.ts), so each emission of the bookings no longer parses every booking again through zod.
 */
const bookingViews = new WeakMap<BookingDoc, BookingView>()

export function bookingView(doc: BookingDoc): BookingView {
  let view = bookingViews.get(doc)
  if (!view) {
    view = { ...publicBooking(doc), pending: Boolean(doc.localPending) }
    bookingViews.set(doc, view)
  }
  return view
}
