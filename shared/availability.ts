/**
 * The availability rules, pure: no I/O, no clock (callers pass `now`).
 * The server's SQL enforces the same rules atomically (see server/domain/bookings.ts); the client
 * applies them optimistically; both are tested against these functions.
 */
import { ErrorCode, type RejectionReason, type Refusal, errorMessages } from './errors.js'
import { ACTIVE_STATUSES, type AvailabilityStats, type BookingStatus } from './schemas.js'
import { seatTag } from './seatTags.js'

export interface SlotCounters {
  currentBookings: number
  maxBookings: number
  blocked: boolean
  startTime: string
}

/** Whether a booking in this status holds a seat (ACTIVE_STATUSES, shared/schemas.ts). */
export function isActive(status: BookingStatus): boolean {
  return ACTIVE_STATUSES.includes(status)
}

export function isPast(startTime: string, now: Date): boolean {
  return Date.parse(startTime) <= now.getTime()
}

/** Invariant 2 (docs/INVARIANTS.md): flags follow counters. */
export function slotFlags(slot: SlotCounters, now: Date): { isBooked: boolean; isAvailable: boolean } {
  const isBooked = slot.currentBookings >= slot.maxBookings
  return { isBooked, isAvailable: !isBooked && !slot.blocked && !isPast(slot.startTime, now) }
}

/** Why a new booking on this slot would be refused, or null if it may take a seat. */
export function bookingRefusal(slot: SlotCounters, now: Date): RejectionReason | null {
  if (slot.blocked) return 'SLOT_UNAVAILABLE'
  if (isPast(slot.startTime, now)) return 'SLOT_IN_PAST'
  if (slot.currentBookings >= slot.maxBookings) return 'SLOT_FULL'
  return null
}

/**
 * Lifecycle: which status changes are allowed (a same-status change is an allowed no-op). Some also
 * wait for the slot's start (waitsForStart below): the lifecycle says which, the clock says when.
 */
const ALLOWED: Record<BookingStatus, readonly BookingStatus[]> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['COMPLETED', 'CANCELLED'],
  CANCELLED: [],
  COMPLETED: [],
  REJECTED: [],
}

export type TransitionResult = { ok: true; seatDelta: -1 | 0 | 1 } | { ok: false }

/** The counter effect of moving a booking from one status to another (the lifecycle alone, no clock). */
export function transition(from: BookingStatus, to: BookingStatus): TransitionResult {
  if (from === to) return { ok: true, seatDelta: 0 }
  if (!ALLOWED[from].includes(to)) return { ok: false }
  return { ok: true, seatDelta: seatDelta(from, to) }
}

/**
 * The statuses a booking may enter only once its slot has started: COMPLETED. It frees the seat, so
 * completing a booking ahead of its slot would let another customer take the seat its customer still
 * comes for (two people in a one-seat slot). Cancelling frees it too, but means nobody comes.
 */
export function waitsForStart(to: BookingStatus): boolean {
  return to === 'COMPLETED'
}

/**
 * BOOKING_NOT_STARTED when `to` waits for the start (waitsForStart) and the slot's `startTime` is
 * still ahead of `now`, the moment of the command; else null. The slot has started at its start
 * instant, the same instant from which isPast refuses new bookings (SLOT_IN_PAST), so there is no
 * moment at which a seat can be both freed by a completion and taken by a new booking.
 */
export function completionRefusal(
  to: BookingStatus,
  startTime: string,
  now: Date,
): typeof ErrorCode.BOOKING_NOT_STARTED | null {
  return waitsForStart(to) && !isPast(startTime, now) ? ErrorCode.BOOKING_NOT_STARTED : null
}

export type StatusChangeRefusal = typeof ErrorCode.INVALID_TRANSITION | typeof ErrorCode.BOOKING_NOT_STARTED

/**
 * Why this booking may not move to `to` at `now`, or null when it may: the lifecycle first
 * (INVALID_TRANSITION), then its timing (completionRefusal). A same-status change is an allowed no-op.
 * The device's local write and the provider's buttons decide by this; the server's command
 * (changeLockedBookingStatus) by the same two steps, reading its database's clock only for a status
 * that waitsForStart.
 */
export function statusChangeRefusal(
  booking: { status: BookingStatus; startTime: string },
  to: BookingStatus,
  now: Date,
): StatusChangeRefusal | null {
  if (booking.status === to) return null
  if (!transition(booking.status, to).ok) return ErrorCode.INVALID_TRANSITION
  return completionRefusal(to, booking.startTime, now)
}

/** +1 when entering an active status, -1 when leaving one, else 0. */
export function seatDelta(from: BookingStatus | null, to: BookingStatus): -1 | 0 | 1 {
  const before = from !== null && isActive(from)
  const after = isActive(to)
  return before === after ? 0 : after ? 1 : -1
}

/** Applies a seat delta to a counter, never below zero. */
export function applySeatDelta(currentBookings: number, delta: number): number {
  return Math.max(0, currentBookings + delta)
}

/**
 * The statuses of a booking that holds or held a seat: the active ones, and COMPLETED (its customer
 * came; completing gave the counter's seat back, invariant 1). Insights count used seats by them
 * (SEAT_HOLDING in server/domain/insightsGroups.ts), and so do the provider's Stats.
 */
export const SEAT_USING_STATUSES: readonly BookingStatus[] = [...ACTIVE_STATUSES, 'COMPLETED']

/** Whether a booking in this status holds or held a seat (SEAT_USING_STATUSES). */
export function usedASeat(status: BookingStatus): boolean {
  return SEAT_USING_STATUSES.includes(status)
}

/**
 * The seats a slot used, as insights count them: once it has started, its bookings that hold or held
 * a seat (the counter no longer says who came); before, its counter (`counter`, the optimistic one on
 * a device), which then counts the same bookings since none can be completed before the start.
 * `bookings` are the slot's live (not deleted) bookings. The counter's bookings are among them, so it
 * is never more; a device that has not stored a slot's bookings yet still shows the counter.
 */
export function seatsUsed(
  slot: { startTime: string; counter: number },
  bookings: readonly { status: BookingStatus }[],
  now: Date,
): number {
  if (!isPast(slot.startTime, now)) return slot.counter
  return Math.max(slot.counter, bookings.filter((b) => usedASeat(b.status)).length)
}

/** What a slot's live (not deleted) bookings say about deleting it. */
export interface SlotBookingCounts {
  /** Bookings holding a seat (PENDING, CONFIRMED); the counter where the device lacks some of them. */
  active: number
  /** Bookings whose session took place (COMPLETED). */
  completed: number
}

/** "This session has 2 completed bookings; it stays in your history." */
export function slotHistoryWords(completed: number): string {
  return `This session has ${completed} completed ${completed === 1 ? 'booking' : 'bookings'}; it stays in your history.`
}

export type SlotDeletionRefusal = Refusal<
  typeof ErrorCode.SLOT_HAS_HISTORY | typeof ErrorCode.SLOT_HAS_ACTIVE_BOOKINGS
>

/**
 * Why a slot may not be deleted, or null when it may. A slot holding completed bookings is the
 * provider's record of sessions that took place (their seats, sessions and revenue count in Insights),
 * so it stays whatever else it holds (SLOT_HAS_HISTORY: cancelling its other bookings would not help);
 * one holding active bookings must have them cancelled first. The server's deleteSlot (REST and the
 * replication push) and the slot dialog's Delete button decide by it.
 */
export function slotDeletionRefusal(counts: SlotBookingCounts): SlotDeletionRefusal | null {
  if (counts.completed > 0) {
    return {
      code: ErrorCode.SLOT_HAS_HISTORY,
      message: slotHistoryWords(counts.completed),
      details: { completedBookings: counts.completed },
    }
  }
  if (counts.active > 0) {
    return {
      code: ErrorCode.SLOT_HAS_ACTIVE_BOOKINGS,
      message: errorMessages.SLOT_HAS_ACTIVE_BOOKINGS,
      details: { currentBookings: counts.active },
    }
  }
  return null
}

/** Aggregate capacity figures over a set of slots. */
export function availabilityStats(
  slots: readonly Pick<SlotCounters, 'currentBookings' | 'maxBookings'>[],
): AvailabilityStats {
  let capacity = 0
  let booked = 0
  for (const s of slots) {
    capacity += s.maxBookings
    booked += Math.min(s.currentBookings, s.maxBookings)
  }
  return {
    slots: slots.length,
    capacity,
    booked,
    free: capacity - booked,
    utilisation: capacity === 0 ? 0 : booked / capacity,
  }
}

/**
 * The seats of slots nobody used, told apart as Insights tells them: `stillFree`, those of slots not
 * started and not blocked (they can still be booked), and `leftEmpty`, those of slots already started
 * (lost, not free). A blocked upcoming slot's empty seats are neither. `used` is seatsUsed's count.
 */
export function unusedSeats(
  slots: readonly { startTime: string; maxBookings: number; blocked: boolean; used: number }[],
  now: Date,
): { stillFree: number; leftEmpty: number } {
  let stillFree = 0
  let leftEmpty = 0
  for (const s of slots) {
    const empty = s.maxBookings - Math.min(s.used, s.maxBookings)
    if (isPast(s.startTime, now)) leftEmpty += empty
    else if (!s.blocked) stillFree += empty
  }
  return { stillFree, leftEmpty }
}

/** The part of a replicated slot that says what its counter includes (see shared/replication.ts). */
export interface HeldCounter {
  currentBookings: number
  /** Seat tags (shared/seatTags.ts) of every active booking the counter includes. */
  seatTags: readonly string[]
}

/**
 * Optimistic counters (invariant 6, docs/INVARIANTS.md): the server's counter, with every booking this device holds
 * counted by its local state instead of the state the counter saw. `seatTags` and `currentBookings`
 * come from one snapshot, so whichever arrives first (the booking's confirmation or the slot's new
 * counter) a booking is counted exactly once; bookings the device does not hold are counted by the
 * server alone. `localBookings` are the device's live (not deleted) bookings on this slot.
 */
export function displayedBookings(
  slot: HeldCounter,
  localBookings: readonly { id: string; status: BookingStatus }[],
): number {
  let count = slot.currentBookings
  if (localBookings.length === 0) return Math.max(0, count)
  const held = new Set(slot.seatTags)
  for (const booking of localBookings) {
    count += (isActive(booking.status) ? 1 : 0) - (held.has(seatTag(booking.id)) ? 1 : 0)
  }
  return Math.max(0, count)
}

export type SlotState = 'available' | 'full' | 'blocked' | 'past'

/** What a slot looks like to a customer at `now`, given the (optimistic) number of seats taken. */
export function slotState(slot: SlotCounters, now: Date): SlotState {
  if (slot.blocked) return 'blocked'
  if (isPast(slot.startTime, now)) return 'past'
  return slot.currentBookings >= slot.maxBookings ? 'full' : 'available'
}
