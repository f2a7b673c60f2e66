/**
 * The permission rules of shared/policy.ts: each rule as a table over roles and ownership, and the
 * SQL form of each visibility rule checked against its row form (one rule, two spellings, same answer).
 */
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Actor,
  bookingScope,
  mayBook,
  mayCancelDateRange,
  mayDeclineRequests,
  mayDeleteBooking,
  mayRescheduleBooking,
  mayManageSlot,
  mayManageSlots,
  mayReadAudit,
  mayManageWebhooks,
  mayReadProviderStats,
  maySeeBooking,
  maySetBookingStatus,
  mayUseService,
  slotScope,
  statusNeedsReason,
  statusesSettableBy,
} from '../../shared/policy.js'
import { SETTABLE_STATUSES, type SettableStatus } from '../../shared/schemas.js'

const provider: Actor = { userId: '00000000-0000-4000-8000-00000000000a', role: 'provider' }
const otherProvider: Actor = { userId: '00000000-0000-4000-8000-00000000000b', role: 'provider' }
const customer: Actor = { userId: '00000000-0000-4000-8000-00000000000c', role: 'customer' }
const otherCustomer: Actor = { userId: '00000000-0000-4000-8000-00000000000d', role: 'customer' }
const everyone = [provider, otherProvider, customer, otherCustomer]

const booking = { customerId: customer.userId, providerId: provider.userId, status: 'CONFIRMED' as const }
const slot = { providerId: provider.userId }

const who = (rule: (actor: Actor) => boolean) => everyone.filter(rule)

describe('slots', () => {
  it('only providers manage slots, each only their own, from their own services', () => {
    expect(who(mayManageSlots)).toEqual([provider, otherProvider])
    expect(who((a) => mayManageSlot(a, slot))).toEqual([provider])
    expect(who((a) => mayUseService(a, slot))).toEqual([provider])
    // A customer whose id happened to equal the slot's provider id still manages nothing.
    expect(mayManageSlot({ userId: provider.userId, role: 'customer' }, slot)).toBe(false)
  })
})

describe('bookings', () => {
  it('only customers book', () => {
    expect(who(mayBook)).toEqual([customer, otherCustomer])
  })

  it('the booking customer and the slot provider see and delete it, nobody else', () => {
    expect(who((a) => maySeeBooking(a, booking))).toEqual([provider, customer])
    expect(who((a) => mayDeleteBooking(a, booking))).toEqual([provider, customer])
  })

  it("a completed booking is the provider's record: only the provider deletes it", () => {
    const completed = { ...booking, status: 'COMPLETED' as const }
    expect(who((a) => mayDeleteBooking(a, completed))).toEqual([provider])
    expect(who((a) => mayDeleteBooking(a, { ...booking, status: 'CANCELLED' }))).toEqual([provider, customer])
  })

  it('a customer may only cancel; the provider confirms, completes and cancels', () => {
    const allowed = (actor: Actor) =>
      SETTABLE_STATUSES.filter((s) => maySetBookingStatus(actor, booking, s as SettableStatus))
    expect(allowed(customer)).toEqual(['CANCELLED'])
    expect(allowed(provider)).toEqual(['CONFIRMED', 'CANCELLED', 'COMPLETED'])
    expect(allowed(otherCustomer)).toEqual([])
    expect(allowed(otherProvider)).toEqual([])
    expect(statusesSettableBy('customer')).toEqual(['CANCELLED'])
  })

  it('either party reschedules a booking; only providers cancel a date range (issue 11)', () => {
    expect(who((a) => mayRescheduleBooking(a, booking))).toEqual([provider, customer])
    expect(who(mayCancelDateRange)).toEqual([provider, otherProvider])
    expect(who(mayDeclineRequests)).toEqual([provider, otherProvider])
  })

  it("only a provider's cancellation (or decline) needs a reason; nothing else does", () => {
    const needing = (role: Actor['role']) =>
      SETTABLE_STATUSES.filter((s) => statusNeedsReason(role, s as SettableStatus))
    expect(needing('provider')).toEqual(['CANCELLED'])
    expect(needing('customer')).toEqual([])
  })
})

describe('reports', () => {
  it('provider statistics are the provider’s own; the audit trail is for providers', () => {
    expect(who((a) => mayReadProviderStats(a, provider.userId))).toEqual([provider])
    expect(who(mayReadAudit)).toEqual([provider, otherProvider])
  })

  it('webhook endpoints are managed by providers (their own: webhookScope)', () => {
    expect(who(mayManageWebhooks)).toEqual([provider, otherProvider])
  })
})

describe('the SQL scopes say what the row rules say', () => {
  let pg: PGlite
  beforeAll(async () => {
    pg = await PGlite.create()
    await pg.exec(`CREATE TABLE b (id int, customer_id uuid, provider_id uuid);
      CREATE TABLE s (id int, provider_id uuid);`)
    let id = 0
    for (const c of [customer, otherCustomer]) {
      for (const p of [provider, otherProvider]) {
        id += 1
        await pg.query('INSERT INTO b VALUES ($1, $2, $3)', [id, c.userId, p.userId])
        await pg.query('INSERT INTO s VALUES ($1, $2)', [id, p.userId])
      }
    }
  })
  afterAll(async () => {
    await pg?.close()
  })

  it('bookingScope selects exactly the bookings maySeeBooking allows, for every actor', async () => {
    const all = (await pg.query<{ id: number; customer_id: string; provider_id: string }>('SELECT * FROM b'))
      .rows
    for (const actor of everyone) {
      const { rows } = await pg.query<{ id: number }>(
        `SELECT id FROM b WHERE ${bookingScope(actor.role, 'b')} ORDER BY id`,
        [actor.userId],
      )
      const expected = all
        .filter((r) => maySeeBooking(actor, { customerId: r.customer_id, providerId: r.provider_id }))
        .map((r) => r.id)
      expect(rows.map((r) => r.id)).toEqual(expected)
      expect(expected.length).toBeGreaterThan(0)
    }
  })

  it('slotScope: a customer replicates every slot, a provider only the slots they manage', async () => {
    const all = (await pg.query<{ id: number; provider_id: string }>('SELECT * FROM s ORDER BY id')).rows
    for (const actor of everyone) {
      const { rows } = await pg.query<{ id: number }>(
        // $1 is always bound, as in the pull (the customer's scope does not use it).
        `SELECT id FROM s WHERE ${slotScope(actor.role, 's')} AND $1::uuid IS NOT NULL ORDER BY id`,
        [actor.userId],
      )
      const expected = all
        .filter((r) => actor.role === 'customer' || mayManageSlot(actor, { providerId: r.provider_id }))
        .map((r) => r.id)
      expect(rows.map((r) => r.id)).toEqual(expected)
    }
  })
})
