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
 * slot's lock (+2: lock the slot, read the queue's head). So today: push 6, cancel 9, REST 5.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createBooking } from '../../server/domain/bookings.js'
import { pushDocuments } from '../../server/replication/pushDocuments.js'
import { replicatedCollections } from '../../server/replication/collections.js'
import { type CountingDatabase, countingDatabase } from '../helpers/countingDatabase.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'

let counting: CountingDatabase
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  counting = countingDatabase(opened.db)
  seed = opened.seed
})

describe('an accepted offline booking push', () => {
  it('costs 6 SQL round trips (7 before issue 8, then +1 notification) and answers no conflict', async () => {
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
      expect.stringMatching(/^WITH inserted AS/),
      expect.stringMatching(/^INSERT INTO audit_log/),
      expect.stringMatching(/^INSERT INTO notifications/),
      'COMMIT',
    ])
  })
})

describe('an accepted offline cancel', () => {
  it('costs 9 SQL round trips (8 before issue 8, 6 after; then the waitlist and the notification)', async () => {
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
      expect.stringMatching(/^UPDATE slots/),
      // the freed seat goes to the first waiter, if any (none here)
      expect.stringMatching(/^SELECT id, provider_id, start_time/),
      expect.stringMatching(/^SELECT id, customer_id FROM/),
      expect.stringMatching(/^INSERT INTO audit_log/),
      expect.stringMatching(/^INSERT INTO notifications/),
      'COMMIT',
    ])
  })
})

describe('an accepted REST booking', () => {
  it('costs 5 SQL round trips (5 before issue 8, 4 after, then +1 notification)', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    counting.reset()
    const outcome = await counting.db.transaction((tx) =>
      createBooking(tx, seed.customerA, { id: randomUUID(), slotId: slot.id, notes: '' }),
    )
    expect(outcome.ok).toBe(true)
    expect(counting.statements).toHaveLength(5)
  })
})
