/**
 * Invariant 6 on the device: when the server's answer turns one of this device's bookings into
 * REJECTED, the user is told why, once. A REJECTED booking pulled from elsewhere (another device of
 * the same user) was never shown as booked here, so it raises no notice.
 */
import { BehaviorSubject, filter, map, type Observable, type Subscription } from 'rxjs'
import { errorMessages } from '../../shared/errors.js'
import type { BookingStatus } from '../../shared/schemas.js'
import { publicBooking } from './slotViews.js'
import type { RejectionNotice } from './api.js'
import type { BookingCollection } from './database.js'

export interface SettledBooking {
  bookingId: string
  rejected: boolean
  /** The booking's status in the server's answer (PENDING: the provider confirms by hand). */
  status: BookingStatus
}

export interface RejectionFeed {
  notices$: BehaviorSubject<RejectionNotice[]>
  /** This device's bookings whose local change the server has now answered (accepted or refused). */
  settled$: Observable<SettledBooking>
  dismiss(bookingId: string): void
  close(): void
}

export function watchRejections(bookings: BookingCollection): RejectionFeed {
  const notices$ = new BehaviorSubject<RejectionNotice[]>([])
  const subscription: Subscription = bookings.$.pipe(
    filter((event) => event.operation === 'UPDATE' && event.previousDocumentData.status !== 'REJECTED'),
    filter((event) => event.documentData.status === 'REJECTED'),
  ).subscribe((event) => {
    const booking = publicBooking(event.documentData)
    const reason = booking.rejectionReason ?? 'SLOT_UNAVAILABLE'
    notices$.next([...notices$.value, { booking, reason, message: errorMessages[reason] }])
  })
  const settled$ = bookings.$.pipe(
    filter((event) => event.operation === 'UPDATE' && Boolean(event.previousDocumentData.localPending)),
    filter((event) => !event.documentData.localPending),
    map((event) => ({
      bookingId: event.documentId,
      rejected: event.documentData.status === 'REJECTED',
      status: event.documentData.status,
    })),
  )
  return {
    notices$,
    settled$,
    dismiss(bookingId) {
      notices$.next(notices$.value.filter((n) => n.booking.id !== bookingId))
    },
    close() {
      subscription.unsubscribe()
      notices$.complete()
    },
  }
}
