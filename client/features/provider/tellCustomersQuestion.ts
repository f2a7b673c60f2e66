/**
 * The words of the question a provider answers before declining or cancelling many bookings at once
 * (the selected ones, or every booking of a date range): how many bookings of how many customers, and
 * the reason each customer is told. One wording for both, so the two ask alike.
 */
export type TellingAction = 'CANCEL' | 'DECLINE'

const VERB: Record<TellingAction, string> = { CANCEL: 'cancel', DECLINE: 'decline' }

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const bookingsText = (n: number) => plural(n, 'booking', 'bookings')

/** Who reads the reason: "The customer is told" when there is one, "Each customer is told" else. */
const whoIsTold = (customers: number) => (customers === 1 ? 'The customer is told' : 'Each customer is told')

/** "Cancel 2 bookings of 1 customer on Thu 10 Dec? The customer is told: “Ill”." (`when` may be empty). */
export function tellCustomersQuestion(
  action: TellingAction,
  taken: { bookings: number; customers: number },
  reason: string,
  when = '',
): string {
  const verb = VERB[action]
  const whenText = when ? ` ${when}` : ''
  return (
    `${verb[0]?.toUpperCase()}${verb.slice(1)} ${bookingsText(taken.bookings)} of ` +
    `${plural(taken.customers, 'customer', 'customers')}${whenText}? ${whoIsTold(taken.customers)}: “${reason}”.`
  )
}

/** The button that answers yes: "Yes, cancel 2 bookings". */
export const tellCustomersYes = (action: TellingAction, bookings: number) =>
  `Yes, ${VERB[action]} ${bookingsText(bookings)}`
