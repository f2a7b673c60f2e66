/**
 * Requests still awaiting the provider's answer are no revenue booked yet (they may be declined a
 * minute later): the screen says their money apart, next to what was booked.
 */
import { formatPrice } from '../../../shared/currencies.js'

const requestsWords = (requests: number) => `${requests} ${requests === 1 ? 'request' : 'requests'}`

/** "€80.00 in 2 requests awaiting you"; null when no request awaits an answer. */
export function awaitingWords(amountMinor: number, requests: number, currency: string): string | null {
  if (requests === 0) return null
  return `${formatPrice(amountMinor, currency)} in ${requestsWords(requests)} awaiting you`
}

/** The revenue table's "Awaiting you" cell: "€80.00 (2 requests)", or "€0.00" when none awaits. */
export function awaitingCell(amountMinor: number, requests: number, currency: string): string {
  const amount = formatPrice(amountMinor, currency)
  return requests === 0 ? amount : `${amount} (${requestsWords(requests)})`
}

/** A top service's pending requests, said after its booked amount: "€40.00 awaiting you". */
export function serviceAwaitingWords(amountMinor: number, currency: string): string | null {
  return amountMinor === 0 ? null : `${formatPrice(amountMinor, currency)} awaiting you`
}
