/** Provider slot management, recurring patterns in the provider's zone, and availability stats. */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { availabilityStats } from '../../shared/availability.js'
import type { Database } from '../../server/db/database.js'
import { createBooking } from '../../server/domain/bookings.js'
import {
  createRecurringSlots,
  deleteSlot,
  getSlot,
  listSlots,
  updateSlot,
} from '../../server/domain/slots.js'
import { providerStats, slotStats } from '../../server/domain/stats.js'
import { acceptedValue, refusalCode } from '../helpers/outcomes.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'

let db: Database
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  db = opened.db
  seed = opened.seed
})

const codeOf = refusalCode

const book = (slotId: string, customer = seed.customerA) =>
  db.transaction((tx) => createBooking(tx, customer, { id: randomUUID(), slotId, notes: '' }))

describe('updateSlot', () => {
  it('changes capacity but never below the active bookings', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    await acceptedValue(book(slot.id))
    await acceptedValue(book(slot.id, seed.customerB))
    expect(
      await codeOf(db.transaction((tx) => updateSlot(tx, seed.providerA, slot.id, { maxBookings: 1 }))),
    ).toBe('CAPACITY_BELOW_BOOKINGS')
    const shrunk = await acceptedValue(
      db.transaction((tx) => updateSlot(tx, seed.providerA, slot.id, { maxBookings: 2 })),
    )
    expect(shrunk).toMatchObject({ maxBookings: 2, currentBookings: 2, isBooked: true, isAvailable: false })
    const grown = await acceptedValue(
      db.transaction((tx) => updateSlot(tx, seed.providerA, slot.id, { maxBookings: 4 })),
    )
    expect(grown).toMatchObject({ maxBookings: 4, isBooked: false, isAvailable: true })
  })

  it('blocks and unblocks; a blocked slot is unavailable but keeps its bookings', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    await acceptedValue(book(slot.id))
    const blocked = await acceptedValue(
      db.transaction((tx) => updateSlot(tx, seed.providerA, slot.id, { blocked: true })),
    )
    expect(blocked).toMatchObject({ blocked: true, isAvailable: false, currentBookings: 1 })
    const open = await acceptedValue(
      db.transaction((tx) => updateSlot(tx, seed.providerA, slot.id, { blocked: false })),
    )
    expect(open).toMatchObject({ blocked: false, isAvailable: true })
    const { rows } = await db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity_id = $1 AND entity_type = 'slot' ORDER BY id",
      [slot.id],
    )
    expect(rows.map((r) => r.action)).toEqual(['slot.created', 'slot.updated', 'slot.updated'])
  })

  it("refuses another provider's slot and customers", async () => {
    const slot = seed.slots.pair
    expect(
      await codeOf(db.transaction((tx) => updateSlot(tx, seed.providerB, slot.id, { blocked: true }))),
    ).toBe('FORBIDDEN')
    expect(
      await codeOf(db.transaction((tx) => updateSlot(tx, seed.customerA, slot.id, { blocked: true }))),
    ).toBe('FORBIDDEN')
    expect((await acceptedValue(getSlot(db, slot.id))).blocked).toBe(false)
  })
})

describe('deleteSlot', () => {
  it('is refused while active bookings exist, then soft-deletes', async () => {
    const slot = await seed.createSlot({ maxBookings: 2 })
    const booking = await acceptedValue(book(slot.id))
    expect(await codeOf(db.transaction((tx) => deleteSlot(tx, seed.providerA, slot.id)))).toBe(
      'SLOT_HAS_ACTIVE_BOOKINGS',
    )
    await db.query("UPDATE bookings SET status = 'CANCELLED' WHERE id = $1", [booking.id])
    await db.query('UPDATE slots SET current_bookings = 0 WHERE id = $1', [slot.id])
    await acceptedValue(db.transaction((tx) => deleteSlot(tx, seed.providerA, slot.id)))
    expect(await codeOf(getSlot(db, slot.id))).toBe('SLOT_NOT_FOUND')
    const { rows } = await db.query<{ deleted: boolean }>('SELECT deleted FROM slots WHERE id = $1', [
      slot.id,
    ])
    expect(rows[0]?.deleted).toBe(true)
    expect(await codeOf(book(slot.id))).toBe('SLOT_UNAVAILABLE')
  })
})

describe('createRecurringSlots', () => {
  it("expands the weekly pattern in the provider's zone (Berlin, across the DST change)", async () => {
    const result = await acceptedValue(
      db.transaction((tx) =>
        createRecurringSlots(tx, seed.providerA, {
          serviceId: seed.serviceA.id,
          fromDate: '2027-03-22',
          toDate: '2027-04-04',
          weekdays: [1, 3],
          startTimes: ['09:00', '14:30'],
          durationMinutes: 45,
          maxBookings: 4,
        }),
      ),
    )
    expect(result.created).toBe(8)
    const starts = result.slots.map((s) => s.startTime)
    expect(starts[0]).toBe('2027-03-22T08:00:00.000Z') // CET
    expect(starts).toContain('2027-03-29T07:00:00.000Z') // CEST from 28 March 2027
    expect(result.slots.every((s) => s.maxBookings === 4 && s.currentBookings === 0)).toBe(true)
  })

  it("refuses another provider's service", async () => {
    const attempt = db.transaction((tx) =>
      createRecurringSlots(tx, seed.providerB, {
        serviceId: seed.serviceA.id,
        fromDate: '2027-01-04',
        toDate: '2027-01-10',
        weekdays: [1],
        startTimes: ['09:00'],
        durationMinutes: 30,
        maxBookings: 1,
      }),
    )
    expect(await codeOf(attempt)).toBe('FORBIDDEN')
  })
})

describe('stats', () => {
  it('per slot equals the shared rule; per provider SQL equals the shared rule over the same slots', async () => {
    const slot = await seed.createSlot({ maxBookings: 5 })
    await acceptedValue(book(slot.id))
    expect(await acceptedValue(slotStats(db, slot.id))).toEqual({
      slots: 1,
      capacity: 5,
      booked: 1,
      free: 4,
      utilisation: 0.2,
    })

    const from = new Date(Date.now() - 365 * 86_400_000).toISOString()
    const to = new Date(Date.now() + 5 * 365 * 86_400_000).toISOString()
    const slots = await listSlots(db, { providerId: seed.providerA.id, from, to, limit: 5000 })
    const fromSql = await acceptedValue(providerStats(db, seed.providerA, seed.providerA.id, { from, to }))
    const fromRule = availabilityStats(slots)
    expect(fromSql).toMatchObject({
      slots: fromRule.slots,
      capacity: fromRule.capacity,
      booked: fromRule.booked,
    })
    expect(fromSql.utilisation).toBeCloseTo(fromRule.utilisation, 10)
  })

  it('per provider SQL agrees with the shared rule for random capacities and bookings', async () => {
    const provider = seed.providerB
    // As many customers as a slot has seats at most: one seat each per slot (invariant 12).
    const customers = [seed.customerA, seed.customerB, seed.customerC, await seed.createCustomer()]
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ capacity: fc.integer({ min: 1, max: 4 }), bookings: fc.nat(4) }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (plan) => {
          const windowStart = Date.now() + (10 + Math.floor(Math.random() * 1e6)) * 86_400_000
          for (const [i, entry] of plan.entries()) {
            const slot = await seed.createSlot({
              provider,
              maxBookings: entry.capacity,
              startTime: new Date(windowStart + i * 3_600_000).toISOString(),
            })
            for (let b = 0; b < Math.min(entry.bookings, entry.capacity); b++)
              await acceptedValue(book(slot.id, customers[b]))
          }
          const range = {
            from: new Date(windowStart).toISOString(),
            to: new Date(windowStart + 86_400_000).toISOString(),
          }
          const slots = await listSlots(db, { providerId: provider.id, ...range, limit: 100 })
          const sql = await acceptedValue(providerStats(db, provider, provider.id, range))
          expect(sql.slots).toBe(plan.length)
          expect(sql).toMatchObject({ ...availabilityStats(slots), utilisation: sql.utilisation })
          expect(sql.utilisation).toBeCloseTo(availabilityStats(slots).utilisation, 10)
        },
      ),
      { numRuns: 8 },
    )
  })

  it('provider stats are private to the provider', async () => {
    expect(await codeOf(providerStats(db, seed.providerB, seed.providerA.id, {}))).toBe('FORBIDDEN')
    expect(await codeOf(providerStats(db, seed.customerA, seed.providerA.id, {}))).toBe('FORBIDDEN')
  })
})
