/**
 * What My bookings says when it lists nothing (kept pure: test/unit/noBookingsText.test.ts). Offline in
 * an organisation this device has never synced it said "No bookings yet" of a customer with a booking
 * there, and its "Find a slot" led to a week saying the slots are not on this device: a loop. Whether
 * the device has synced is decided once, for slots and bookings alike (notSyncedOffline,
 * ../slots/slotsOnDevice.ts).
 */
export interface NoBookingsWords {
  title: string
  /** The line under the title, if any. */
  advice: string | null
  /** Whether to offer "Find a slot" (not where the week cannot show any). */
  findSlot: boolean
}

export function noBookingsWords(notSynced: boolean): NoBookingsWords {
  return notSynced
    ? {
        title: 'Bookings not on this device yet',
        advice: 'Your bookings in this organisation are not on this device yet: connect to see them.',
        findSlot: false,
      }
    : { title: 'No bookings yet', advice: null, findSlot: true }
}

/**
 * Whether My bookings is still fetching what it would list: this session's first pull of them has not
 * finished while the device syncs (a new device's first sync), and it is not offline in an
 * organisation it never synced (that has its own words above). An empty list then says nothing: a walk
 * read "No bookings yet" and "Find a slot" for 10 s of a customer with 8 bookings. A tab that does not
 * replicate (another tab does) is not syncing once the device has synced: it lists what is stored.
 */
export function bookingsArriving(sync: {
  firstPullDone: boolean
  syncing: boolean
  notSynced: boolean
}): boolean {
  return !sync.firstPullDone && sync.syncing && !sync.notSynced
}

/**
 * A booking card's title: the slot's service and provider; while the slot has not arrived on the
 * device in the first sync, "Loading details…" (a walk read cards titled just "Booking" for 5 s).
 */
export function bookingCardTitle(
  slot: { serviceName: string; providerName: string } | undefined,
  detailsArriving: boolean,
): string {
  if (slot) return `${slot.serviceName} with ${slot.providerName}`
  return detailsArriving ? 'Loading details…' : 'Booking'
}
