/**
 * A refused command leaves no row, no counter change and no audit entry, even though the caller's
 * transaction COMMITS (refusals are values, not exceptions that roll back). Every command, every
 * refusal it can make: the whole of bookings, slots and audit_log is fingerprinted before and after
 * (change_xid included, so even a write that restored the old values would show).
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Outcome } from '../../shared/errors.js'
import type { Database, Queryable } from '../../server/db/database.js'
import {
  changeBookingStatus,
  createBooking,
  deleteBooking,
  recordRejectedBooking,
} from '../../server/domain/bookings.js'
import { createRecurringSlots, createSlot, deleteSlot, updateSlot } from '../../server/domain/slots.js'
import { acceptedValue } from '../helpers/outcomes.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'

let db: Database
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  db = opened.db
  seed = opened.seed
})

async function fingerprint(): Promise<Record<string, unknown>> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM bookings)::int AS bookings,
            (SELECT md5(coalesce(string_agg(b::text || b.change_xid::text, ',' ORDER BY b.id), '')) FROM bookings b) AS booking_rows,
            (SELECT md5(coalesce(string_agg(s::text || s.change_xid::text, ',' ORDER BY s.id), '')) FROM slots s) AS slot_rows,
            (SELECT count(*) FROM audit_log)::int AS audit_rows`,
  )
  return rows[0] ?? {}
}

/** Runs the command in a transaction that commits whatever it returns, and checks nothing changed. */
async function expectRefusedWithoutTrace(
  code: string,
  command: (tx: Queryable) => Promise<Outcome<unknown>>,
): Promise<void> {
  const before = await fingerprint()
  const outcome = await db.transaction(command)
  expect(outcome.ok ? 'ACCEPTED' : outcome.refusal.code).toBe(code)
  expect(await fingerprint()).toEqual(before)
}

const inFuture = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString()

let full: string
let blocked: string
let past: string
let heldBooking: string
let cancelledBooking: string
let heldSlot: string
let confirmedAhead: string

beforeAll(async () => {
  full = (await seed.createSlot({ maxBookings: 1 })).id
  heldSlot = full
  heldBooking = (
    await acceptedValue(
      db.transaction((tx) =>
        createBooking(tx, seed.customerA, { id: randomUUID(), slotId: full, notes: '' }),
      ),
    )
  ).id
  const other = await seed.createSlot({ maxBookings: 2 })
  cancelledBooking = (
    await acceptedValue(
      db.transaction((tx) =>
        createBooking(tx, seed.customerB, { id: randomUUID(), slotId: other.id, notes: '' }),
      ),
    )
  ).id
  await acceptedValue(
    db.transaction((tx) => changeBookingStatus(tx, seed.customerB, cancelledBooking, 'CANCELLED')),
  )
  blocked = (await seed.createSlot({ maxBookings: 2 })).id
  await acceptedValue(db.transaction((tx) => updateSlot(tx, seed.providerA, blocked, { blocked: true })))
  past = (await seed.createSlot({ startTime: new Date(Date.now() - 3_600_000).toISOString() })).id
  // providerB confirms automatically: a CONFIRMED booking on a slot that has not started.
  const ahead = await seed.createSlot({ provider: seed.providerB, maxBookings: 1 })
  confirmedAhead = (
    await acceptedValue(
      db.transaction((tx) =>
        createBooking(tx, seed.customerC, { id: randomUUID(), slotId: ahead.id, notes: '' }),
      ),
    )
  ).id
})

describe('createBooking', () => {
  const book =
    (actor: typeof seed.customerA, slotId: string, id: string = randomUUID()) =>
    (tx: Queryable) =>
      createBooking(tx, actor, { id, slotId, notes: 'refused' })

  it('SLOT_FULL', () => expectRefusedWithoutTrace('SLOT_FULL', book(seed.customerB, full)))
  it('SLOT_UNAVAILABLE', () => expectRefusedWithoutTrace('SLOT_UNAVAILABLE', book(seed.customerB, blocked)))
  it('SLOT_IN_PAST', () => expectRefusedWithoutTrace('SLOT_IN_PAST', book(seed.customerB, past)))
  it('SLOT_NOT_FOUND', () => expectRefusedWithoutTrace('SLOT_NOT_FOUND', book(seed.customerB, randomUUID())))
  it('FORBIDDEN (a provider books)', () =>
    expectRefusedWithoutTrace('FORBIDDEN', book(seed.providerA, seed.slots.five.id)))
  it("BOOKING_ID_TAKEN (another customer's id)", () =>
    expectRefusedWithoutTrace('BOOKING_ID_TAKEN', book(seed.customerB, seed.slots.five.id, heldBooking)))
})

describe('recordRejectedBooking', () => {
  const input = (slotId: string) => ({ id: randomUUID(), slotId, notes: '' })
  it('SLOT_NOT_FOUND', () =>
    expectRefusedWithoutTrace('SLOT_NOT_FOUND', (tx) =>
      recordRejectedBooking(tx, seed.customerB, input(randomUUID()), 'SLOT_FULL'),
    ))
  it('FORBIDDEN', () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      recordRejectedBooking(tx, seed.providerA, input(full), 'SLOT_FULL'),
    ))
})

describe('changeBookingStatus (confirm, complete, cancel)', () => {
  it('BOOKING_NOT_FOUND', () =>
    expectRefusedWithoutTrace('BOOKING_NOT_FOUND', (tx) =>
      changeBookingStatus(tx, seed.customerA, randomUUID(), 'CANCELLED'),
    ))
  it("FORBIDDEN (another customer's booking)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      changeBookingStatus(tx, seed.customerB, heldBooking, 'CANCELLED'),
    ))
  it('FORBIDDEN (a customer confirms)', () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      changeBookingStatus(tx, seed.customerA, heldBooking, 'CONFIRMED'),
    ))
  it("FORBIDDEN (another provider's slot)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      changeBookingStatus(tx, seed.providerB, heldBooking, 'CONFIRMED'),
    ))
  it('INVALID_TRANSITION (PENDING → COMPLETED)', () =>
    expectRefusedWithoutTrace('INVALID_TRANSITION', (tx) =>
      changeBookingStatus(tx, seed.providerA, heldBooking, 'COMPLETED'),
    ))
  it('INVALID_TRANSITION (CANCELLED → CONFIRMED)', () =>
    expectRefusedWithoutTrace('INVALID_TRANSITION', (tx) =>
      changeBookingStatus(tx, seed.providerA, cancelledBooking, 'CONFIRMED'),
    ))
  it('BOOKING_NOT_STARTED (CONFIRMED → COMPLETED before the slot starts)', () =>
    expectRefusedWithoutTrace('BOOKING_NOT_STARTED', (tx) =>
      changeBookingStatus(tx, seed.providerB, confirmedAhead, 'COMPLETED'),
    ))
})

describe('deleteBooking', () => {
  it('BOOKING_NOT_FOUND', () =>
    expectRefusedWithoutTrace('BOOKING_NOT_FOUND', (tx) => deleteBooking(tx, seed.customerA, randomUUID())))
  it("FORBIDDEN (another customer's booking)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) => deleteBooking(tx, seed.customerB, heldBooking)))
  it("FORBIDDEN (another provider's slot)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) => deleteBooking(tx, seed.providerB, heldBooking)))
})

describe('createSlot', () => {
  const body = (serviceId: string) => ({
    serviceId,
    startTime: inFuture(900),
    endTime: inFuture(901),
    maxBookings: 2,
  })
  it('FORBIDDEN (a customer)', () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) => createSlot(tx, seed.customerA, body(seed.serviceA.id))))
  it("FORBIDDEN (another provider's service)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) => createSlot(tx, seed.providerB, body(seed.serviceA.id))))
  it('NOT_FOUND (no such service)', () =>
    expectRefusedWithoutTrace('NOT_FOUND', (tx) => createSlot(tx, seed.providerA, body(randomUUID()))))
})

describe('createRecurringSlots', () => {
  const pattern = (serviceId: string, toDate: string) => ({
    serviceId,
    fromDate: '2028-01-03',
    toDate,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    startTimes: Array.from(
      { length: 48 },
      (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
    ),
    durationMinutes: 30,
    maxBookings: 1,
  })
  it('VALIDATION_FAILED (more slots than one request may create)', () =>
    expectRefusedWithoutTrace('VALIDATION_FAILED', (tx) =>
      createRecurringSlots(tx, seed.providerA, pattern(seed.serviceA.id, '2028-12-31')),
    ))
  it("FORBIDDEN (another provider's service)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      createRecurringSlots(tx, seed.providerB, pattern(seed.serviceA.id, '2028-01-09')),
    ))
})

describe('updateSlot (capacity change, block)', () => {
  it('CAPACITY_BELOW_BOOKINGS', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    for (const customer of [seed.customerA, seed.customerB]) {
      await acceptedValue(
        db.transaction((tx) => createBooking(tx, customer, { id: randomUUID(), slotId: slot.id, notes: '' })),
      )
    }
    await expectRefusedWithoutTrace('CAPACITY_BELOW_BOOKINGS', (tx) =>
      updateSlot(tx, seed.providerA, slot.id, { maxBookings: 1, blocked: true }),
    )
  })
  it("FORBIDDEN (another provider's slot: capacity)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      updateSlot(tx, seed.providerB, heldSlot, { maxBookings: 5 }),
    ))
  it("FORBIDDEN (another provider's slot: block)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      updateSlot(tx, seed.providerB, heldSlot, { blocked: true }),
    ))
  it('FORBIDDEN (a customer)', () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) =>
      updateSlot(tx, seed.customerA, heldSlot, { blocked: true }),
    ))
  it('SLOT_NOT_FOUND', () =>
    expectRefusedWithoutTrace('SLOT_NOT_FOUND', (tx) =>
      updateSlot(tx, seed.providerA, randomUUID(), { maxBookings: 5 }),
    ))
})

describe('deleteSlot', () => {
  it('SLOT_HAS_ACTIVE_BOOKINGS', () =>
    expectRefusedWithoutTrace('SLOT_HAS_ACTIVE_BOOKINGS', (tx) => deleteSlot(tx, seed.providerA, heldSlot)))
  it("FORBIDDEN (another provider's slot)", () =>
    expectRefusedWithoutTrace('FORBIDDEN', (tx) => deleteSlot(tx, seed.providerB, heldSlot)))
  it('SLOT_NOT_FOUND', () =>
    expectRefusedWithoutTrace('SLOT_NOT_FOUND', (tx) => deleteSlot(tx, seed.providerA, randomUUID())))
})

describe('the fingerprint sees a write', () => {
  // Guards the guard: an accepted command inside the same kind of committing transaction changes it.
  it('an accepted booking changes it', async () => {
    const before = await fingerprint()
    await acceptedValue(
      db.transaction((tx) =>
        createBooking(tx, seed.customerC, { id: randomUUID(), slotId: seed.slots.five.id, notes: '' }),
      ),
    )
    expect(await fingerprint()).not.toEqual(before)
  })
})
