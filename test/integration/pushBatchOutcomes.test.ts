/**
 * A push batch applied as a whole (its new bookings booked in one statement: server/domain/bookSeats.ts,
 * server/replication/bookingBatchPlan.ts) gives every row the outcome it gets when the rows are applied
 * one by one in batch order (the collection without applyBatch), and leaves the same seats, bookings
 * and audit trail. The batch mixes everything that interacts through a slot: seats taken by earlier
 * rows of the batch, a cancel freeing a seat for a later row, a booking created then cancelled offline,
 * refusals (full, past, someone else's id, a seat the customer holds already: before the batch or by an
 * earlier row of it, invariant 12), a replay, an auto-confirming provider.
 */
import { describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { createBooking } from '../../server/domain/bookings.js'
import { replicatedCollections } from '../../server/replication/collections.js'
import { pushDocuments } from '../../server/replication/pushDocuments.js'
import type { BookingWireDoc } from '../../shared/replication.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'

let db: Database
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  db = opened.db
  seed = opened.seed
})

const bookings = replicatedCollections.bookings
const rowByRow = { ...bookings, applyBatch: undefined }

type Row = { assumedMasterState: BookingWireDoc | null; newDocumentState: BookingWireDoc }

/** A fresh copy of the scenario: its slots and the batch customer A pushes. */
async function scenario(): Promise<{ slotIds: string[]; rows: Row[] }> {
  const customer = seed.customerA.id
  const two = await seed.createSlot({ maxBookings: 2 })
  const one = await seed.createSlot({ maxBookings: 1 })
  const cancelled = await seed.createSlot({ maxBookings: 1 })
  const past = await seed.createSlot({
    maxBookings: 5,
    startTime: new Date(Date.now() - 86_400_000).toISOString(),
  })
  const auto = await seed.createSlot({ maxBookings: 2, provider: seed.providerB })
  const taken = await seed.createSlot({ maxBookings: 1 })
  // Customer A holds the seat of `one` already; customer B holds one of `two`.
  const held = newBookingDoc(one, customer)
  const heldBooking = await createBooking(db, seed.customerA, { id: held.id, slotId: one.id, notes: '' })
  if (!heldBooking.ok) throw new Error('fixture booking refused')
  const serverHeld = { ...held, rev: '1' }
  const others = newBookingDoc(two, seed.customerB.id)
  await createBooking(db, seed.customerB, { id: others.id, slotId: two.id, notes: '' })
  await createBooking(db, seed.customerB, {
    id: newBookingDoc(taken, seed.customerB.id).id,
    slotId: taken.id,
    notes: '',
  })
  const fresh = (slot: { id: string; providerId: string; serviceId: string; startTime: string }) =>
    ({ assumedMasterState: null, newDocumentState: newBookingDoc(slot, customer) }) as Row
  const rows: Row[] = [
    fresh(two), // takes the last free seat of `two`
    fresh(one), // A holds its seat already: stored REJECTED
    fresh(taken), // full: stored REJECTED
    { assumedMasterState: serverHeld, newDocumentState: { ...serverHeld, status: 'CANCELLED' } },
    fresh(two), // A holds a seat of it since the first row
    fresh(one), // the seat the cancel above freed
    {
      assumedMasterState: null,
      newDocumentState: { ...newBookingDoc(cancelled, customer), status: 'CANCELLED' },
    },
    fresh(cancelled), // the seat the booking created and cancelled offline gave back
    fresh(past), // SLOT_IN_PAST
    { assumedMasterState: null, newDocumentState: { ...newBookingDoc(two, customer), id: others.id } }, // not A's id
    fresh(auto), // CONFIRMED by the provider's rule: answered
    fresh(auto), // A holds a seat of it since the row before
  ]
  return { slotIds: [two.id, one.id, cancelled.id, past.id, auto.id, taken.id], rows }
}

/** What a run left: each row's answer and stored booking, each slot's seats, the audit actions. */
async function outcomeOf(push: typeof bookings) {
  const { slotIds, rows } = await scenario()
  const { conflicts, malformed } = await pushDocuments(db, seed.customerA, push, rows)
  expect(malformed).toEqual([])
  const answerOf = new Map(conflicts.map((c) => [c.id, c as BookingWireDoc & { refusal?: { code: string } }]))
  const ids = rows.map((r) => r.newDocumentState.id)
  const stored = await db.query<{ id: string; status: string; rejection_reason: string | null }>(
    'SELECT id, status, rejection_reason FROM bookings WHERE id = ANY($1::uuid[])',
    [ids],
  )
  const storedOf = new Map(stored.rows.map((r) => [r.id, `${r.status}/${r.rejection_reason}`]))
  const seats = await db.query<{ id: string; current_bookings: number }>(
    'SELECT id, current_bookings FROM slots WHERE id = ANY($1::uuid[])',
    [slotIds],
  )
  const audit = await db.query<{ entity_id: string; action: string }>(
    'SELECT entity_id, action FROM audit_log WHERE entity_id = ANY($1::uuid[]) ORDER BY id',
    [ids],
  )
  return {
    rows: ids.map((id) => {
      const answer = answerOf.get(id)
      return {
        answer: answer ? `${answer.status}/${answer.rejectionReason}/${answer.refusal?.code ?? ''}` : null,
        stored: storedOf.get(id) ?? null,
        audit: audit.rows.filter((a) => a.entity_id === id).map((a) => a.action),
      }
    }),
    seats: slotIds.map((id) => seats.rows.find((s) => s.id === id)?.current_bookings),
  }
}

describe('a push batch applied as a whole', () => {
  it('gives every row the outcome of applying the rows one by one in batch order', async () => {
    const oneByOne = await outcomeOf(rowByRow)
    const together = await outcomeOf(bookings)
    expect(together).toEqual(oneByOne)
    // The scenario does test something: refusals, a freed seat reused, an auto-confirmed booking.
    expect(oneByOne.rows.map((r) => r.stored)).toEqual([
      'PENDING/null',
      'REJECTED/ALREADY_BOOKED',
      'REJECTED/SLOT_FULL',
      'CANCELLED/null',
      'REJECTED/ALREADY_BOOKED',
      'PENDING/null',
      'CANCELLED/null',
      'PENDING/null',
      'REJECTED/SLOT_IN_PAST',
      'PENDING/null',
      'CONFIRMED/null',
      'REJECTED/ALREADY_BOOKED',
    ])
    expect(oneByOne.seats).toEqual([2, 1, 1, 0, 1, 1])
  })
})
