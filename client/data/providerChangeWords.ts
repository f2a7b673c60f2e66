/**
 * A provider's changes and the server's values in words, for the list of refused changes and for
 * the toasts: "capacity 1 for the slot on …", "deleting the slot on …", "deleted", "Confirmed".
 */
import type { BookingStatus } from '../../shared/schemas.js'
import { BOOKING_STATUS_WORDS } from './bookingStatusWords.js'
import type { ProviderChange, TriedChange } from './providerChanges.js'

interface SlotState {
  maxBookings: number
  blocked: boolean
  currentBookings: number
  _deleted: boolean
}

/** The server's value of the slot field a refusal concerns. */
export function slotServerValue(field: string | undefined, slot: SlotState): string {
  if (slot._deleted) return field === 'created' ? 'not created' : 'deleted'
  const booked = `${slot.currentBookings} booked`
  switch (field) {
    case 'blocked':
      return slot.blocked ? 'blocked' : 'open for booking'
    case '_deleted':
      return `not deleted, capacity ${slot.maxBookings}, ${booked}`
    default:
      return `capacity ${slot.maxBookings}, ${booked}`
  }
}

export function bookingStatusWords(booking: { status: BookingStatus; _deleted: boolean }): string {
  return booking._deleted ? 'deleted' : BOOKING_STATUS_WORDS[booking.status]
}

/** A status change the provider tried, said of `booking` ("the booking", "the booking for the slot on …"). */
function statusChangeWords(status: string, booking: string): string {
  switch (status) {
    case 'CONFIRMED':
      return `confirming ${booking}`
    case 'CANCELLED':
      return `cancelling ${booking}`
    case 'COMPLETED':
      return `marking ${booking} completed`
    default:
      return `setting ${booking} to ${BOOKING_STATUS_WORDS[status as BookingStatus] ?? status}`
  }
}

/** What the provider tried, in a few words (the later change that replaced one: "capacity 6"). */
export function triedWords(tried: TriedChange): string {
  switch (tried.kind) {
    case 'capacity':
      return `capacity ${tried.maxBookings}`
    case 'blocked':
      return tried.blocked ? 'blocking the slot' : 'opening the slot'
    case 'delete':
      return 'deleting the slot'
    case 'create':
      return 'the new slot'
    case 'status':
      return statusChangeWords(tried.status, 'the booking')
  }
}

/**
 * A change and the slot it concerns in words, after "Not saved:" or "Not sent:" (`when`: the slot's
 * start as the reader reads it, e.g. formatLongDateTime in their zone): "capacity 1 for
 * the slot on Tuesday 1 December 2026, 10:00", "deleting the slot on …", "marking the booking for
 * the slot on … completed", and a new slot with what it was to be, so it can be made again: "a new
 * slot on … (Physio, 60 minutes, capacity 3)".
 */
export function changeWords(change: Pick<ProviderChange, 'tried' | 'slotStart'>, when: string): string {
  const { tried } = change
  switch (tried.kind) {
    case 'capacity':
      return `capacity ${tried.maxBookings} for the slot on ${when}`
    case 'blocked':
      return tried.blocked ? `blocking the slot on ${when}` : `opening the slot on ${when} for booking`
    case 'delete':
      return `deleting the slot on ${when}`
    case 'create': {
      const minutes = Math.round((Date.parse(tried.endTime) - Date.parse(change.slotStart)) / 60_000)
      const what = [
        tried.serviceName,
        Number.isFinite(minutes) && minutes > 0 ? `${minutes} minutes` : undefined,
        tried.maxBookings === undefined ? undefined : `capacity ${tried.maxBookings}`,
      ].filter(Boolean)
      return `a new slot on ${when}${what.length > 0 ? ` (${what.join(', ')})` : ''}`
    }
    case 'status':
      return statusChangeWords(tried.status, `the booking for the slot on ${when}`)
  }
}
