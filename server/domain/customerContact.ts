/** How the provider of a booking reaches its customer: read on demand, never replicated to devices. */
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { mayReadCustomerContact } from '../../shared/policy.js'
import type { CustomerContact } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'

interface ContactRow {
  customer_id: string
  provider_id: string
  name: string
  email: string
  phone: string | null
}

export async function customerContact(
  tx: Queryable,
  actor: Actor,
  bookingId: string,
): Promise<Outcome<CustomerContact>> {
  const { rows } = await tx.query<ContactRow>(
    `SELECT b.customer_id, b.provider_id, u.name, u.email, u.phone
     FROM bookings b JOIN users u ON u.id = b.customer_id
     WHERE b.id = $1 AND NOT b.deleted`,
    [bookingId],
  )
  const row = rows[0]
  if (!row) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: bookingId })
  const parties = { customerId: row.customer_id, providerId: row.provider_id }
  if (!mayReadCustomerContact(actor, parties)) {
    return refused(
      ErrorCode.FORBIDDEN,
      undefined,
      'Only the provider of a booking sees its customer’s contact.',
    )
  }
  return accepted({ name: row.name, email: row.email, phone: row.phone })
}
