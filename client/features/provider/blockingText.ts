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

/**
 * What blocking several slots at once does, asked when some of them hold active bookings
 * (`activeBookings`: each selected slot's count; the ones with none need no word).
 */
export function bulkBlockQuestion(activeBookings: readonly number[]): string {
  const held = activeBookings.filter((count) => count > 0)
  const bookings = held.reduce((sum, count) => sum + count, 0)
  const selected = activeBookings.length
  const slots = selected === 1 ? 'the selected slot' : `the ${selected} selected slots`
  const which =
    selected === 1
      ? 'The selected slot has'
      : held.length === selected
        ? `All ${selected} selected slots have`
        : `${held.length} of the ${selected} selected slots ${held.length === 1 ? 'has' : 'have'}`
  const inAll = bookings === 1 ? '1 active booking' : `${bookings} active bookings`
  const one = bookings === 1
  return `${which} ${inAll}${held.length > 1 ? ' in all' : ''}. Blocking stops new bookings only: ${
    one ? 'its customer keeps the booking' : 'their customers keep their bookings'
  } and ${one ? 'is' : 'are'} notified. To call ${one ? 'it' : 'them'} off, cancel ${
    one ? 'the booking' : 'the bookings'
  }. Block ${slots}?`
}
