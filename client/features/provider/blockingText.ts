/**
 * What blocking a slot does to the bookings it holds, in the server's terms (server/domain/slots.ts):
 * a block stops new bookings only; active bookings keep their status and seat, and their customers
 * are notified that the slot was blocked. Calling them off is cancelling them.
 */
export function blockQuestion(activeBookings: number): string {
  const one = activeBookings === 1
  const held = one ? '1 active booking' : `${activeBookings} active bookings`
  const customers = one
    ? 'its customer keeps the booking and is notified that the slot was blocked'
    : 'their customers keep their bookings and are notified that it was blocked'
  const callOff = one ? 'cancel the booking' : 'cancel the bookings'
  return `This slot has ${held}. Blocking stops new bookings only: ${customers}. To call ${one ? 'it' : 'them'} off, ${callOff}. Block the slot?`
}
