/** The booking transitions against a real database (PGlite, or PostgreSQL with DATABASE_URL). */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import {
  changeBookingStatus,
  createBooking,
  deleteBooking,
  listBookings,
  recordRejectedBooking,
  storedAsRejection,
} from '../../server/domain/bookings.js'
import { getSlot, updateSlot } from '../../server/domain/slots.js'
import { acceptedValue, refusalCode } from '../helpers/outcomes.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { startSlotNow } from '../helpers/pastBookings.js'

let db: Database
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  db = opened.db
  seed = opened.seed
})

/** The outcome of booking, as a promise (for refusalCode). */
const attempt = (customer = seed.customerA, slotId = seed.slots.five.id, id: string = randomUUID()) =>
  db.transaction((tx) => createBooking(tx, customer, { id, slotId, notes: '' }))

/** A booking that must be accepted. */
const book = (customer = seed.customerA, slotId = seed.slots.five.id, id: string = randomUUID()) =>
  acceptedValue(attempt(customer, slotId, id))

/** What the replication push does with a refusal of the availability rules: store it REJECTED. */
const bookOrRecordRejection = (customer: typeof seed.customerA, slotId: string, id: string = randomUUID()) =>
  acceptedValue(
    db.transaction(async (tx) => {
      const input = { id, slotId, notes: '' }
      const outcome = await createBooking(tx, customer, input)
      if (outcome.ok || !storedAsRejection(outcome.refusal.code)) return outcome
      return recordRejectedBooking(tx, customer, input, outcome.refusal.code)
    }),
  )

const codeOf = refusalCode
const slotNow = (slotId: string) => acceptedValue(getSlot(db, slotId))

async function auditActions(entityId: string): Promise<string[]> {
  const { rows } = await db.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id',
    [entityId],
  )
  return rows.map((r) => r.action)
}

describe('createBooking', () => {
  it('takes a seat, PENDING for a provider without auto-confirm, CONFIRMED with it', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    const pending = await book(seed.customerA, slot.id)
    expect(pending.status).toBe('PENDING')
    expect((await slotNow(slot.id)).currentBookings).toBe(1)

    const confirmed = await book(seed.customerA, seed.slots.providerB.id)
    expect(confirmed.status).toBe('CONFIRMED')
    expect(await auditActions(confirmed.id)).toEqual(['booking.created'])
  })

  it('is idempotent on the client id: a replay returns the same booking and changes nothing', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    const id = randomUUID()
    const first = await book(seed.customerA, slot.id, id)
    const replay = await book(seed.customerA, slot.id, id)
    expect(replay).toEqual(first)
    expect((await slotNow(slot.id)).currentBookings).toBe(1)
    expect(await auditActions(id)).toEqual(['booking.created'])
  })

  it("refuses another customer's id with BOOKING_ID_TAKEN", async () => {
    const id = randomUUID()
    await book(seed.customerA, seed.slots.five.id, id)
    expect(await codeOf(attempt(seed.customerB, seed.slots.five.id, id))).toBe('BOOKING_ID_TAKEN')
  })

  it('refuses a full slot with SLOT_FULL and rolls the insert back (REST)', async () => {
    const slot = await seed.createSlot({ maxBookings: 1 })
    await book(seed.customerA, slot.id)
    const id = randomUUID()
    expect(await codeOf(attempt(seed.customerB, slot.id, id))).toBe('SLOT_FULL')
    const { rowCount } = await db.query('SELECT 1 FROM bookings WHERE id = $1', [id])
    expect(rowCount).toBe(0)
    expect((await slotNow(slot.id)).currentBookings).toBe(1)
  })

  it('stores a refused booking as REJECTED with its reason (recordRejectedBooking, the replication push)', async () => {
    const slot = await seed.createSlot({ maxBookings: 1 })
    await book(seed.customerA, slot.id)
    const rejected = await bookOrRecordRejection(seed.customerB, slot.id)
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'SLOT_FULL' })
    expect((await slotNow(slot.id)).currentBookings).toBe(1)
    expect(await auditActions(rejected.id)).toEqual(['booking.rejected'])
    // a replay of the rejected push is still the same rejected booking
    expect(await bookOrRecordRejection(seed.customerB, slot.id, rejected.id)).toEqual(rejected)
  })

  it('names the reason: blocked → SLOT_UNAVAILABLE (before past and full), past → SLOT_IN_PAST, missing → SLOT_NOT_FOUND', async () => {
    const blocked = await seed.createSlot({ maxBookings: 1 })
    await book(seed.customerA, blocked.id)
    await acceptedValue(db.transaction((tx) => updateSlot(tx, seed.providerA, blocked.id, { blocked: true })))
    expect(await codeOf(attempt(seed.customerB, blocked.id))).toBe('SLOT_UNAVAILABLE')

    const past = await seed.createSlot({ startTime: new Date(Date.now() - 3_600_000).toISOString() })
    expect(await codeOf(attempt(seed.customerB, past.id))).toBe('SLOT_IN_PAST')
    expect(await bookOrRecordRejection(seed.customerB, past.id)).toMatchObject({
      rejectionReason: 'SLOT_IN_PAST',
    })

    expect(await codeOf(attempt(seed.customerB, randomUUID()))).toBe('SLOT_NOT_FOUND')
  })

  it('lets only customers book', async () => {
    expect(await codeOf(attempt(seed.providerA, seed.slots.five.id))).toBe('FORBIDDEN')
  })
})

describe('changeBookingStatus', () => {
  it('walks PENDING → CONFIRMED → COMPLETED once the slot has started, freeing the seat on completion', async () => {
    const slot = await seed.createSlot({ maxBookings: 2 })
    const booking = await book(seed.customerA, slot.id)
    const confirmed = await acceptedValue(
      db.transaction((tx) => changeBookingStatus(tx, seed.providerA, booking.id, 'CONFIRMED')),
    )
    expect(confirmed.status).toBe('CONFIRMED')
    expect((await slotNow(slot.id)).currentBookings).toBe(1)
    // Before the start: refused, and the seat stays held (COMPLETED would free it for someone else).
    const early = await db.transaction((tx) =>
      changeBookingStatus(tx, seed.providerA, booking.id, 'COMPLETED'),
    )
    expect(early).toMatchObject({
      ok: false,
      refusal: { code: 'BOOKING_NOT_STARTED', details: { startTime: slot.startTime } },
    })
    expect((await slotNow(slot.id)).currentBookings).toBe(1)
    await startSlotNow(db, slot.id)
    await acceptedValue(
      db.transaction((tx) => changeBookingStatus(tx, seed.providerA, booking.id, 'COMPLETED')),
    )
    expect((await slotNow(slot.id)).currentBookings).toBe(0)
    expect(await auditActions(booking.id)).toEqual([
      'booking.created',
      'booking.confirmed',
      'booking.completed',
    ])
  })

  it('cancelling twice is a no-op, not an error, and decrements once', async () => {
    const slot = await seed.createSlot({ maxBookings: 2 })
    const booking = await book(seed.customerA, slot.id)
    await book(seed.customerB, slot.id)
    await acceptedValue(
      db.transaction((tx) => changeBookingStatus(tx, seed.customerA, booking.id, 'CANCELLED')),
    )
    const again = await acceptedValue(
      db.transaction((tx) => changeBookingStatus(tx, seed.customerA, booking.id, 'CANCELLED')),
    )
    expect(again.status).toBe('CANCELLED')
    expect((await slotNow(slot.id)).currentBookings).toBe(1)
    expect(await auditActions(booking.id)).toEqual(['booking.created', 'booking.cancelled'])
  })

  it('refuses lifecycle violations with INVALID_TRANSITION and changes nothing', async () => {
    const slot = await seed.createSlot({ maxBookings: 2 })
    const booking = await book(seed.customerA, slot.id)
    expect(
      await codeOf(db.transaction((tx) => changeBookingStatus(tx, seed.providerA, booking.id, 'COMPLETED'))),
    ).toBe('INVALID_TRANSITION')
    await acceptedValue(
      db.transaction((tx) =>
        changeBookingStatus(tx, seed.providerA, booking.id, 'CANCELLED', 'Closed today'),
      ),
    )
    expect(
      await codeOf(db.transaction((tx) => changeBookingStatus(tx, seed.providerA, booking.id, 'CONFIRMED'))),
    ).toBe('INVALID_TRANSITION')
    expect((await slotNow(slot.id)).currentBookings).toBe(0)
  })

  it('customers may only cancel, and only their own bookings; providers only on their own slots', async () => {
    // A slot of its own: customerA holds a seat of the seeded ones already (one per slot, invariant 12).
    const booking = await book(seed.customerA, (await seed.createSlot({ maxBookings: 2 })).id)
    const change = (actor: typeof seed.customerA, status: 'CONFIRMED' | 'CANCELLED') =>
      codeOf(db.transaction((tx) => changeBookingStatus(tx, actor, booking.id, status)))
    expect(await change(seed.customerA, 'CONFIRMED')).toBe('FORBIDDEN')
    expect(await change(seed.customerB, 'CANCELLED')).toBe('FORBIDDEN')
    expect(await change(seed.providerB, 'CONFIRMED')).toBe('FORBIDDEN')
    expect(await change(seed.providerA, 'CONFIRMED')).toBe('NO_ERROR')
  })
})

describe('deleteBooking', () => {
  it('frees the seat of an active booking, hides it from lists, and is idempotent', async () => {
    const slot = await seed.createSlot({ maxBookings: 1 })
    const booking = await book(seed.customerC, slot.id)
    await acceptedValue(db.transaction((tx) => deleteBooking(tx, seed.customerC, booking.id)))
    await db.transaction((tx) => deleteBooking(tx, seed.customerC, booking.id))
    expect((await slotNow(slot.id)).currentBookings).toBe(0)
    expect((await listBookings(db, seed.customerC, { slotId: slot.id })).length).toBe(0)
    expect(await auditActions(booking.id)).toEqual(['booking.created', 'booking.deleted'])
    expect(
      await codeOf(db.transaction((tx) => changeBookingStatus(tx, seed.customerC, booking.id, 'CANCELLED'))),
    ).toBe('BOOKING_NOT_FOUND')
  })

  it("a completed booking is the provider's record: its customer may not delete it, its provider may", async () => {
    const slot = await seed.createSlot({ provider: seed.providerB, maxBookings: 1 })
    const booking = await book(seed.customerC, slot.id)
    await startSlotNow(db, slot.id)
    await acceptedValue(
      db.transaction((tx) => changeBookingStatus(tx, seed.providerB, booking.id, 'COMPLETED')),
    )
    const byCustomer = await db.transaction((tx) => deleteBooking(tx, seed.customerC, booking.id))
    expect(byCustomer).toEqual({
      ok: false,
      refusal: {
        code: 'FORBIDDEN',
        message: "A completed booking is part of the provider's records: only the provider can delete it.",
      },
    })
    expect((await listBookings(db, seed.customerC, { slotId: slot.id })).map((b) => b.status)).toEqual([
      'COMPLETED',
    ])
    await acceptedValue(db.transaction((tx) => deleteBooking(tx, seed.providerB, booking.id)))
    expect(await listBookings(db, seed.customerC, { slotId: slot.id })).toEqual([])
  })

  it('does not touch the counter for an inactive booking', async () => {
    const slot = await seed.createSlot({ maxBookings: 2 })
    const kept = await book(seed.customerA, slot.id)
    const cancelled = await book(seed.customerB, slot.id)
    await acceptedValue(
      db.transaction((tx) => changeBookingStatus(tx, seed.customerB, cancelled.id, 'CANCELLED')),
    )
    await db.transaction((tx) => deleteBooking(tx, seed.customerB, cancelled.id))
    expect((await slotNow(slot.id)).currentBookings).toBe(1)
    expect(kept.status).toBe('PENDING')
  })
})

describe('invariant 1 (docs/INVARIANTS.md) after everything above', () => {
  it('every counter equals its active bookings and stays within capacity', async () => {
    expect(await counterMismatches(db)).toEqual([])
  })
})
