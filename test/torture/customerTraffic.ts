/**
 * Customer traffic for the crash and lost-response tortures: book a random slot with a fresh
 * client-generated id, or cancel one of your acknowledged bookings; every request retried until
 * answered. The ledger remembers what the server acknowledged, and `ledgerViolations` checks the
 * database against it afterwards.
 */
import { randomUUID } from 'node:crypto'
import type { Queryable } from '../../server/db/database.js'
import type { HttpClient } from '../helpers/httpRequest.js'
import { type RetryOptions, requestUntilAnswered } from './retryingRequest.js'

export interface BookingLedger {
  /** booking id -> slot id, for every booking the server answered 201 to. */
  acknowledged: Map<string, string>
  /** Bookings whose cancellation the server answered 200 to. */
  cancelled: Set<string>
  /** Count of answers by HTTP status. */
  statuses: Map<number, number>
}

export function newLedger(): BookingLedger {
  return { acknowledged: new Map(), cancelled: new Set(), statuses: new Map() }
}

export interface Customer {
  token: string
  /** This customer's acknowledged, not yet cancelled bookings. */
  active: string[]
}

/** Seeded, so a failing run can be replayed (Park–Miller). */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed % 2_147_483_647 || 1
  return (n) => {
    state = (state * 16_807) % 2_147_483_647
    return state % n
  }
}

/**
 * A random slot of `slotIds` the customer holds no seat of (`held`: the slots of their active
 * bookings), or null when they hold one of each: a customer holds one seat of a slot (invariant 12).
 */
export function slotNotHeld(
  slotIds: readonly string[],
  held: Iterable<string>,
  random: (n: number) => number,
): string | null {
  const taken = new Set(held)
  const free = slotIds.filter((id) => !taken.has(id))
  return free.length > 0 ? (free[random(free.length)] as string) : null
}

export async function customerStep(
  client: HttpClient,
  customer: Customer,
  slotIds: readonly string[],
  ledger: BookingLedger,
  random: (n: number) => number,
  retry: RetryOptions,
): Promise<void> {
  const cancel = customer.active.length > 0 && random(5) === 0
  if (cancel) {
    const [id] = customer.active.splice(random(customer.active.length), 1) as [string]
    const res = await requestUntilAnswered(
      client,
      { method: 'PATCH', path: `/api/bookings/${id}`, token: customer.token, body: { status: 'CANCELLED' } },
      retry,
    )
    count(ledger, res.status)
    if (res.status === 200) ledger.cancelled.add(id)
    else customer.active.push(id)
    return
  }
  const id = randomUUID()
  const slotId = slotIds[random(slotIds.length)] as string
  const res = await requestUntilAnswered(
    client,
    { method: 'POST', path: '/api/bookings', token: customer.token, body: { id, slotId, notes: 'torture' } },
    retry,
  )
  count(ledger, res.status)
  if (res.status === 201) {
    ledger.acknowledged.set(id, slotId)
    customer.active.push(id)
  }
}

function count(ledger: BookingLedger, status: number): void {
  ledger.statuses.set(status, (ledger.statuses.get(status) ?? 0) + 1)
}

/** Every acknowledged booking exists on its slot, active unless its cancellation was acknowledged. */
export async function ledgerViolations(db: Queryable, ledger: BookingLedger): Promise<string[]> {
  const ids = [...ledger.acknowledged.keys()]
  const { rows } = await db.query<{ id: string; slot_id: string; status: string; deleted: boolean }>(
    'SELECT id, slot_id, status, deleted FROM bookings WHERE id = ANY($1::uuid[])',
    [ids],
  )
  const found = new Map(rows.map((r) => [r.id, r]))
  const problems: string[] = []
  for (const [id, slotId] of ledger.acknowledged) {
    const row = found.get(id)
    const expected = ledger.cancelled.has(id) ? ['CANCELLED'] : ['PENDING', 'CONFIRMED']
    if (!row) problems.push(`acknowledged booking ${id} is missing`)
    else if (row.slot_id !== slotId) problems.push(`booking ${id} moved to slot ${row.slot_id}`)
    else if (row.deleted || !expected.includes(row.status)) problems.push(`booking ${id} is ${row.status}`)
  }
  return problems
}
