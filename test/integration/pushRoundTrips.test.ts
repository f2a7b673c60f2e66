/**
 * What an accepted offline booking push costs in SQL round trips (BEGIN and COMMIT included). Each
 * statement is one network round trip to PostgreSQL, and the push of a device that was offline for a
 * while carries one row per booking, so this is its latency per booking.
 *
 * Measured before issue 8: 7 (BEGIN, read, insert, take seat, audit, re-read, COMMIT), and the
 * accepted row came back as a "conflict". After: 5 (BEGIN, the one locked read, insert-and-take-seat
 * in one statement, audit, COMMIT), answered with no conflict. The REST booking went from 5 to 4, and
 * an offline cancel from 8 to 6.
 *
 * Issue 10 then added work that belongs in the same transaction (invariants 8 and 9): each booking
 * change writes its notification row (+1), and a freed seat looks for the next waiter under the
 * slot's lock (+2: lock the slot, read the queue's head). So: push 6, cancel 9, REST 5.
 *
 * Issue 13 made booking ONE statement (booking, seat, audit row and notification together:
 * server/domain/bookSeat.ts), the REST booking a lone statement (no BEGIN/COMMIT: a single statement
 * is atomic), and a push batch one transaction with one locked read of all its rows: push 4 (BEGIN,
 * the locked read, the booking, COMMIT), each further booking of the same batch 1, REST 1. Then the
 * new bookings of a batch became ONE statement together (server/domain/bookSeats.ts): a batch of
 * plain new bookings costs 4 whatever its size; a row that statement does not book (a refusal, a
 * replay) goes on its own as before.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createBooking } from '../../server/domain/bookings.js'
import { pushDocuments } from '../../server/replication/pushDocuments.js'
import { replicatedCollections } from '../../server/replication/collections.js'
import { type CountingDatabase, countingDatabase } from '../helpers/countingDatabase.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import type { BookingWireDoc } from '../../shared/replication.js'
import type { Slot } from '../../shared/schemas.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import type { TestFixtures, TestUser } from '../helpers/testFixtures.js'

let counting: CountingDatabase
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  counting = countingDatabase(opened.db)
  seed = opened.seed
})

/** `count` slots of one seat each (one seat per slot for one customer, invariant 12). */
async function oneSeatSlots(count: number, provider?: TestUser): Promise<Slot[]> {
  const slots: Slot[] = []
  for (let i = 0; i < count; i++) slots.push(await seed.createSlot({ maxBookings: 1, provider }))
  return slots
}

/** Pushes new bookings as a device back from offline does (no assumed state), counting from here. */
function pushNew(customer: TestUser, docs: readonly BookingWireDoc[]) {
  counting.reset()
  return pushDocuments(
    counting.db,
    customer,
    replicatedCollections.bookings,
    docs.map((doc) => ({ assumedMasterState: null, newDocumentState: doc })),
  )
}

describe('an accepted offline booking push', () => {
  it('costs 4 SQL round trips (7 before issue 8, 6 before issue 13) and answers no conflict', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    const doc = newBookingDoc(slot, seed.customerA.id)
    counting.reset()
    const outcome = await pushDocuments(counting.db, seed.customerA, replicatedCollections.bookings, [
      { assumedMasterState: null, newDocumentState: doc },
    ])
    expect(outcome).toEqual({ conflicts: [], malformed: [] })
    expect(counting.statements).toEqual([
      'BEGIN',
      expect.stringMatching(/^SELECT/),
      expect.stringMatching(/^WITH wanted AS/),
      'COMMIT',
    ])
  })

  it('books a batch of 40 on 40 slots in the same 4 round trips (one statement per booking before)', async () => {
    const slots = await oneSeatSlots(40)
    const outcome = await pushNew(
      seed.customerC,
      slots.map((slot) => newBookingDoc(slot, seed.customerC.id)),
    )
    expect(outcome).toEqual({ conflicts: [], malformed: [] })
    expect(counting.statements).toEqual([
      'BEGIN',
      expect.stringMatching(/^SELECT/),
      expect.stringMatching(/^WITH wanted AS/),
      'COMMIT',
    ])
    const { rows } = await counting.db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = ANY($1::uuid[])',
      [slots.map((s) => s.id)],
    )
    expect(rows.map((r) => r.current_bookings)).toEqual(slots.map(() => 1))
  })

  it('answers a batch of 40 an auto-confirming provider confirms with one read of the revision (44 round trips before)', async () => {
    // The device sends PENDING; the server confirms, so each row is answered with the server's copy
    // and the transaction's revision, which is read once per transaction (replicatedCollection.ts).
    const slots = await oneSeatSlots(40, seed.providerB)
    const outcome = await pushNew(
      seed.customerC,
      slots.map((slot) => newBookingDoc(slot, seed.customerC.id)),
    )
    expect(outcome.malformed).toEqual([])
    const answers = outcome.conflicts as BookingWireDoc[]
    expect(answers).toHaveLength(40)
    expect(new Set(answers.map((doc) => doc.rev)).size).toBe(1)
    expect(answers.every((doc) => doc.status === 'CONFIRMED')).toBe(true)
    expect(counting.statements).toEqual([
      'BEGIN',
      expect.stringMatching(/^SELECT/),
      expect.stringMatching(/^WITH wanted AS/),
      expect.stringMatching(/pg_current_xact_id/),
      'COMMIT',
    ])
  })

  it('shares one transaction and one locked read with the other rows of its batch, each with its own outcome', async () => {
    const open = await seed.createSlot({ maxBookings: 3 })
    const alsoOpen = await seed.createSlot({ maxBookings: 3 })
    const full = await seed.createSlot({ maxBookings: 1 })
    await pushDocuments(counting.db, seed.customerB, replicatedCollections.bookings, [
      { assumedMasterState: null, newDocumentState: newBookingDoc(full, seed.customerB.id) },
    ])
    const docs = [newBookingDoc(open, seed.customerA.id), newBookingDoc(full, seed.customerA.id)]
    docs.push(newBookingDoc(alsoOpen, seed.customerA.id))
    const outcome = await pushNew(seed.customerA, docs)
    // Only the booking on the full slot is answered: stored REJECTED with its reason.
    expect(outcome.malformed).toEqual([])
    expect(outcome.conflicts).toEqual([
      expect.objectContaining({ id: docs[1]?.id, status: 'REJECTED', rejectionReason: 'SLOT_FULL' }),
    ])
    expect(counting.statements[0]).toBe('BEGIN')
    expect(counting.statements.at(-1)).toBe('COMMIT')
    expect(counting.statements.filter((s) => s === 'BEGIN')).toHaveLength(1)
    // One read for the batch, one statement for its accepted bookings; the refused one on its own.
    expect(counting.statements.slice(0, 4)).toEqual([
      'BEGIN',
      expect.stringMatching(/^SELECT/),
      expect.stringMatching(/^WITH wanted AS/),
      expect.stringMatching(/^WITH session AS/),
    ])
    const { rows } = await counting.db.query<{ id: string; status: string }>(
      'SELECT id, status FROM bookings WHERE id = ANY($1::uuid[]) ORDER BY id',
      [docs.map((d) => d.id)],
    )
    expect(new Map(rows.map((r) => [r.id, r.status]))).toEqual(
      new Map([
        [docs[0]?.id, 'PENDING'],
        [docs[1]?.id, 'REJECTED'],
        [docs[2]?.id, 'PENDING'],
      ]),
    )
  })
})

describe('an accepted offline cancel', () => {
  it('costs 11 SQL round trips (8 before issue 8, 6 after; then the waitlist, the notification, the webhook outbox and the request notice)', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    const doc = newBookingDoc(slot, seed.customerA.id)
    const bookings = replicatedCollections.bookings
    await pushDocuments(counting.db, seed.customerA, bookings, [{ newDocumentState: doc }])
    counting.reset()
    const outcome = await pushDocuments(counting.db, seed.customerA, bookings, [
      { assumedMasterState: doc, newDocumentState: { ...doc, status: 'CANCELLED' } },
    ])
    expect(outcome).toEqual({ conflicts: [], malformed: [] })
    expect(counting.statements).toEqual([
      'BEGIN',
      expect.stringMatching(/^SELECT/),
      expect.stringMatching(/^UPDATE bookings/),
      // audited (and its webhook outbox, which writes nothing unless an endpoint wants the event)
      // before the freed seat goes to a waiter, so a promotion's entry and event come after it
      expect.stringMatching(/^INSERT INTO audit_log/),
      expect.stringMatching(/^WITH hook_source AS/),
      expect.stringMatching(/^UPDATE slots/),
      // the freed seat goes to the first waiter, if any (none here)
      expect.stringMatching(/^SELECT id, provider_id, start_time/),
      expect.stringMatching(/^SELECT w.id, w.customer_id, /),
      expect.stringMatching(/^INSERT INTO notifications/),
      // the booking was a request (provider A confirms by hand): the provider's notice of it is read
      // now (server/domain/requestNotices.ts)
      expect.stringMatching(/^UPDATE notifications SET read_at/),
      'COMMIT',
    ])
  })
})

describe('an accepted REST booking', () => {
  it('costs 1 SQL round trip, without a transaction of its own (5 before issue 13)', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    counting.reset()
    const outcome = await createBooking(counting.db, seed.customerA, {
      id: randomUUID(),
      slotId: slot.id,
      notes: '',
    })
    expect(outcome.ok).toBe(true)
    expect(counting.statements).toEqual([expect.stringMatching(/^WITH session AS/)])
  })
})
