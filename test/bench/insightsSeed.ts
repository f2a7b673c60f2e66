/**
 * A provider with a long booking history, bulk-inserted with generate_series: slots every hour
 * 08:00–19:00 in the provider's zone for three services, 1–6 bookings each (more on weekday
 * evenings, so the heatmap has a shape), statuses by the slot's time, lead times skewed short,
 * and an audit row per cancellation naming who cancelled. Shared by the insights bench (100,000
 * bookings) and the insights screenshots (a few thousand).
 */
import { createAccount } from '../../server/auth/accounts.js'
import type { Queryable } from '../../server/db/database.js'
import { insertService } from '../../server/domain/services.js'

export interface InsightsHistory {
  providerId: string
  email: string
  password: string
  bookings: number
}

export interface InsightsHistoryPlan {
  email: string
  password: string
  bookings: number
  /** First and last local day with slots (yyyy-MM-dd). */
  firstDay: string
  lastDay: string
  timeZone?: string
}

const SEED_SQL = {
  customers: `
    INSERT INTO users (id, email, name, role, password_hash, time_zone)
    SELECT gen_random_uuid(), 'insights-customer-' || i || '-' || $1 || '@example.test', 'Customer ' || i,
           'customer', 'not-a-password-hash', 'UTC'
    FROM generate_series(1, 300) AS i`,
  slots: `
    INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings)
    SELECT gen_random_uuid(), $1, svc, at, at + interval '1 hour', 6
    FROM generate_series($3::date, $4::date, interval '1 day') AS d(day)
    CROSS JOIN generate_series(8, 19) AS h(hour)
    CROSS JOIN unnest($2::uuid[]) AS svc
    -- a local wall-clock time (date + interval is a timestamp) read in the provider's zone
    CROSS JOIN LATERAL (SELECT (d.day::date + h.hour * interval '1 hour') AT TIME ZONE $5 AS at) t`,
  // Per slot 1..6 bookings; evenings and weekdays draw more. random() is fine: figures are not asserted.
  // A slot's bookings are of 1..6 different customers (one seat per customer and slot, invariant 12):
  // consecutive ones of the customers from a random one on.
  bookings: `
    INSERT INTO bookings (id, slot_id, provider_id, service_id, customer_id, start_time, status,
                          rejection_reason, created_at)
    SELECT gen_random_uuid(), s.id, s.provider_id, s.service_id, c.ids[1 + (o.first + n) % array_length(c.ids, 1)],
           s.start_time, st.status, CASE WHEN st.status = 'REJECTED' THEN 'SLOT_FULL' END,
           least(now(), s.start_time - interval '1 minute' * floor(5 + power(random(), 3) * 60 * 24 * 60))
    FROM slots s
    CROSS JOIN (SELECT array_agg(id) AS ids FROM users WHERE role = 'customer') c
    -- s.id makes the subquery correlated, so the first customer is drawn per slot
    CROSS JOIN LATERAL (SELECT floor(random() * array_length(c.ids, 1))::int AS first, s.id AS slot) o
    CROSS JOIN LATERAL generate_series(1, least(6, 1 + floor(random() * 4
        + CASE WHEN extract(hour FROM s.start_time AT TIME ZONE $3) >= 16 THEN 2 ELSE 0 END
        + CASE WHEN extract(isodow FROM s.start_time AT TIME ZONE $3) <= 5 THEN 1 ELSE 0 END)::int)) AS n
    -- n makes the subquery correlated, so random() is drawn per booking, not once
    CROSS JOIN LATERAL (SELECT random() AS r, n AS copy) x
    CROSS JOIN LATERAL (SELECT CASE
        WHEN x.r < 0.10 THEN 'CANCELLED'
        WHEN x.r < 0.13 THEN 'REJECTED'
        WHEN s.start_time < now() THEN 'COMPLETED'
        WHEN x.r < 0.25 THEN 'PENDING'
        ELSE 'CONFIRMED' END AS status) st
    WHERE s.provider_id = $1
    LIMIT $2`,
  counters: `
    UPDATE slots s SET current_bookings = a.n
    FROM (SELECT slot_id, count(*) AS n FROM bookings
          WHERE provider_id = $1 AND status IN ('PENDING', 'CONFIRMED') GROUP BY slot_id) a
    WHERE s.id = a.slot_id`,
  cancellations: `
    INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after, at)
    SELECT CASE WHEN random() < 0.7 THEN b.customer_id ELSE b.provider_id END, b.provider_id,
           'booking.cancelled', 'booking', b.id,
           jsonb_build_object('status', CASE WHEN random() < 0.3 THEN 'PENDING' ELSE 'CONFIRMED' END),
           jsonb_build_object('status', 'CANCELLED'), b.created_at + (b.start_time - b.created_at) / 2
    FROM bookings b WHERE b.provider_id = $1 AND b.status = 'CANCELLED'`,
}

export async function seedInsightsHistory(
  db: Queryable,
  plan: InsightsHistoryPlan,
): Promise<InsightsHistory> {
  const timeZone = plan.timeZone ?? 'Europe/Berlin'
  const provider = await createAccount(db, {
    email: plan.email,
    name: 'Studio Lindenhof',
    role: 'provider',
    password: plan.password,
    timeZone,
  })
  const services = [
    await insertService(db, provider.id, {
      name: 'Physiotherapy',
      durationMinutes: 60,
      priceMinor: 6500,
      currency: 'EUR',
      defaultCapacity: 6,
    }),
    await insertService(db, provider.id, {
      name: 'Sports massage',
      durationMinutes: 60,
      priceMinor: 4900,
      currency: 'EUR',
      defaultCapacity: 6,
    }),
    await insertService(db, provider.id, {
      name: 'Back school',
      durationMinutes: 60,
      priceMinor: 1800,
      currency: 'EUR',
      defaultCapacity: 6,
    }),
  ]
  await db.query(SEED_SQL.customers, [provider.id.slice(0, 8)])
  await db.query(SEED_SQL.slots, [
    provider.id,
    services.map((s) => s.id),
    plan.firstDay,
    plan.lastDay,
    timeZone,
  ])
  const inserted = await db.query(SEED_SQL.bookings, [provider.id, plan.bookings, timeZone])
  await db.query(SEED_SQL.counters, [provider.id])
  await db.query(SEED_SQL.cancellations, [provider.id])
  return { providerId: provider.id, email: plan.email, password: plan.password, bookings: inserted.rowCount }
}
