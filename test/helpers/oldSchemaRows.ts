/**
 * Rows as a database written before a migration held them, inserted straight into the tables (no
 * domain command, which would already follow the rule the migration brings): one provider, customers,
 * a service and a slot two days ahead. For the tests of one migration on old data.
 */
import { randomUUID } from 'node:crypto'
import type { Queryable } from '../../server/db/database.js'

export interface OldSlot {
  provider: string
  customers: string[]
  service: string
  slot: string
}

/** `currentBookings`: the slot's counter as the bookings the test then inserts will make it. */
export async function oldProviderSlot(
  db: Queryable,
  customers: number,
  currentBookings: number,
): Promise<OldSlot> {
  const [provider, service, slot] = [randomUUID(), randomUUID(), randomUUID()]
  const customerIds = Array.from({ length: customers }, () => randomUUID())
  for (const [id, role] of [[provider, 'provider'], ...customerIds.map((id) => [id, 'customer'])]) {
    await db.query(
      `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, 'Old user', $3, 'not-a-hash')`,
      [id, `old-${id}@example.test`, role],
    )
  }
  await db.query(
    `INSERT INTO services (id, provider_id, name, duration_minutes) VALUES ($1, $2, 'Physio', 30)`,
    [service, provider],
  )
  await db.query(
    `INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings, current_bookings)
     VALUES ($1, $2, $3, now() + interval '2 days', now() + interval '2 days 30 minutes', 5, $4)`,
    [slot, provider, service, currentBookings],
  )
  return { provider, customers: customerIds, service, slot }
}
