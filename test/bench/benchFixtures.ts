/**
 * The rows every throughput figure runs against: one provider with one service, a block of
 * "spread" slots, a row of single-use "hot" slots, and customers, each with a live session.
 * Accounts and sessions go through the server's own code; slots are bulk-inserted (they are data,
 * not behaviour under test).
 */
import { createHash } from 'node:crypto'
import { createAccount } from '../../server/auth/accounts.js'
import { hashPassword } from '../../server/auth/passwords.js'
import { hashSessionToken } from '../../server/auth/sessionTokens.js'
import type { Queryable } from '../../server/db/database.js'
import { insertService } from '../../server/domain/services.js'
import { storeSession } from '../../server/domain/sessions.js'
import { insertUser } from '../../server/domain/users.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { benchId, benchIdSql } from './benchIds.js'

export const BENCH_PASSWORD = 'bench-password-1'
/** The schema's ceiling: a hot slot takes at most this many bookings before it is full. */
export const SLOT_CAPACITY = 1000
/**
 * Customers the throughput benches seed: a hot slot filled to capacity takes one customer per seat
 * (one seat per customer and slot), and spread runs move on to further customers once theirs have
 * booked every slot (bookingPairs.ts).
 */
export const BENCH_CUSTOMERS = SLOT_CAPACITY

export interface BenchPlan {
  customers: number
  spreadSlots: number
  hotSlots: number
}

/** Where the bench rows are: a pure function of the plan, so another process can know it too. */
export interface BenchLayout {
  /** Customer n is customers[n - 1]; `token` is a live session of theirs (seedBenchData stores it). */
  customers: { id: string; email: string; token: string }[]
  /** Slot numbers (see benchId) 1..spreadSlots. */
  spreadSlots: number
  /** Slot numbers of the hot slots, one per measured run. */
  hotSlots: number[]
}

export interface BenchData extends BenchLayout {
  providerId: string
  serviceId: string
}

export function benchLayout(plan: BenchPlan): BenchLayout {
  return {
    customers: Array.from({ length: plan.customers }, (_, i) => ({
      id: benchId('customer', i + 1),
      email: `bench-customer-${i + 1}@example.test`,
      token: benchSessionToken(i + 1),
    })),
    spreadSlots: plan.spreadSlots,
    hotSlots: Array.from({ length: plan.hotSlots }, (_, i) => plan.spreadSlots + 1 + i),
  }
}

/**
 * Customer n's session token. Derived from n, not random, so that the layout stays a function of the
 * plan: the PGlite bench server seeds its own copy in its own process (seededPgliteServer.ts). Bench
 * databases are throwaway and local. Minted instead of signing in: a thousand scrypt sign-ins would
 * take minutes and trip the sign-in rate limit.
 */
function benchSessionToken(n: number): string {
  return createHash('sha256').update(`uniservice-bench-session-${n}`).digest('base64url')
}

/** Sessions last the day: longer than any bench. */
const SESSION_MS = 86_400_000

export async function seedBenchData(db: Queryable, plan: BenchPlan): Promise<BenchData> {
  const provider = await createAccount(db, {
    email: 'bench-provider@example.test',
    name: 'Bench Provider',
    role: 'provider',
    password: BENCH_PASSWORD,
  })
  const service = await insertService(db, provider.id, { name: 'Bench service', durationMinutes: 30 })
  const layout = benchLayout(plan)
  // One scrypt hash shared by every customer: seeding stays quick on a busy machine.
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  for (const [i, customer] of layout.customers.entries()) {
    const user = await insertUser(db, {
      id: customer.id,
      email: customer.email,
      name: `Customer ${i + 1}`,
      role: 'customer',
      passwordHash,
    })
    await addMembership(db, DEFAULT_ORGANISATION_ID, user.id, 'customer')
    await storeSession(db, hashSessionToken(customer.token), user.id, new Date(Date.now() + SESSION_MS))
  }
  const total = plan.spreadSlots + plan.hotSlots
  await insertSlots(db, { providerId: provider.id, serviceId: service.id, first: 1, count: total })
  return { ...layout, providerId: provider.id, serviceId: service.id }
}

export interface SlotBlock {
  providerId: string
  serviceId: string
  /** Slot number of the first slot (ids come from benchId('slot', n)). */
  first: number
  count: number
  capacity?: number
  /** Start of the first slot; the next ones follow every 30 minutes. Default: 30 days from now. */
  startsAt?: Date
}

/** Inserts `count` consecutive 30-minute slots in one statement. */
export async function insertSlots(db: Queryable, block: SlotBlock): Promise<void> {
  const startsAt = block.startsAt ?? new Date(Date.now() + 30 * 86_400_000)
  await db.query(
    `INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings)
     SELECT ${benchIdSql('slot', 'n')}, $1, $2,
            $3::timestamptz + (n - $4) * interval '30 minutes',
            $3::timestamptz + (n - $4 + 1) * interval '30 minutes', $5
     FROM generate_series($4::int, $4::int + $6::int - 1) AS n`,
    [
      block.providerId,
      block.serviceId,
      startsAt.toISOString(),
      block.first,
      block.capacity ?? SLOT_CAPACITY,
      block.count,
    ],
  )
}
