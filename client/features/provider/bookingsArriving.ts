/**
 * What a list of the provider's bookings says while it is empty before this session's first pull of
 * them has finished: not "none" (right after sign-in they are still arriving, ~10 s for a walk's 15).
 */
export function bookingsArrivingText(online: boolean): string {
  return online
    ? 'Fetching your bookings…'
    : 'No bookings are kept on this device yet: they arrive once it is online.'
}
