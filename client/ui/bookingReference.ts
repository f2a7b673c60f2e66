/** A short, readable reference for a booking (the start of its id), to quote to the provider. */
export function bookingReference(bookingId: string): string {
  return bookingId.slice(0, 8).toUpperCase()
}
