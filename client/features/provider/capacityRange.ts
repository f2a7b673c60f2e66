/**
 * The capacity a slot may be given, as the server takes it: a whole number from 1 to MAX_CAPACITY
 * (the shared Capacity schema, which REST, replication and the database's CHECK agree on), and not
 * below its active bookings (CAPACITY_BELOW_BOOKINGS). The slot dialog's hint, its input's limits and
 * its refusal before sending all come from here.
 */
import { z } from 'zod'
import { Capacity, MAX_CAPACITY } from '../../../shared/schemas.js'
import { validationWords } from '../../data/validationWords.js'

export { MAX_CAPACITY }

const CapacityField = z.object({ maxBookings: Capacity })

/** "From 1 to 1000 seats."; with bookings: "From 3 (seats already taken) to 1000 seats." */
export function capacityHint(minimum: number): string {
  return minimum > 1
    ? `From ${minimum} (seats already taken) to ${MAX_CAPACITY} seats.`
    : `From 1 to ${MAX_CAPACITY} seats.`
}

/** Why `typed` cannot be the slot's capacity, in the create form's words ("Capacity must be at most 1000."); null when it can. */
export function capacityProblem(typed: string, minimum: number): string | null {
  if (typed.trim() === '') return 'Enter the number of seats.'
  const parsed = CapacityField.safeParse({ maxBookings: Number(typed) })
  if (!parsed.success)
    return (
      validationWords(parsed.error.issues) ?? `Capacity must be a whole number from 1 to ${MAX_CAPACITY}.`
    )
  if (parsed.data.maxBookings < minimum)
    return `Capacity cannot go below ${minimum}: that many seats are already taken.`
  return null
}
