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
