/**
 * A pushed booking that another request creates while the push runs (the request the device sent
 * ahead of the push: client/data/bookingActions.ts) is answered with the revision its row carries.
 * The push's locked read does not find the booking, the batch statement then finds its id taken, and
 * createBooking answers the replay; the answer named the push transaction's own id as the revision,
 * which the row never had. The device then held a revision ahead of the server's and stayed "stale"
 * until the booking changed again (replicationProperty found it under load: device 166375, server
 * 166373). The race is made to happen every time: the other request commits right after the push's
 * locked read. PostgreSQL only: PGlite has one connection, so a second writer cannot commit while
 * the push's transaction is open.
 */
import { describe, expect, it } from 'vitest'
import type { Database, Queryable, QueryOptions } from '../../server/db/database.js'
import { createBooking } from '../../server/domain/bookings.js'
import { replicatedCollections } from '../../server/replication/collections.js'
import { pushDocuments } from '../../server/replication/pushDocuments.js'
import type { BookingWireDoc } from '../../shared/replication.js'
import { newBookingDoc } from '../helpers/replicationDocs.js'
import { seededDatabaseForFile } from '../helpers/seededDatabase.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import type { TestFixtures } from '../helpers/testFixtures.js'

let db: Database
let seed: TestFixtures
seededDatabaseForFile((opened) => {
  db = opened.db
  seed = opened.seed
})

/** `inner`, whose transactions run `meanwhile` (on another connection) right after their first statement. */
function afterFirstStatement(inner: Database, meanwhile: () => Promise<unknown>): Database {
  let done = false
  const interleaved = (tx: Queryable): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      const result = await tx.query<R>(sql, params, options)
      if (!done) {
        done = true
        await meanwhile()
      }
      return result
    },
  })
  return { ...inner, transaction: (fn, options) => inner.transaction((tx) => fn(interleaved(tx)), options) }
}

describe.runIf(onRealPostgres)('a pushed booking created meanwhile by another request', () => {
  it('is answered with the revision its row carries, not the push transaction id', async () => {
    // An auto-confirming provider: the server's booking is CONFIRMED, the device's PENDING, so the
    // push answers the server's document.
    const slot = await seed.createSlot({ maxBookings: 3, provider: seed.providerB })
    const doc = newBookingDoc(slot, seed.customerA.id)
    const sentAhead = () => createBooking(db, seed.customerA, { id: doc.id, slotId: slot.id, notes: '' })
    const outcome = await pushDocuments(
      afterFirstStatement(db, sentAhead),
      seed.customerA,
      replicatedCollections.bookings,
      [{ assumedMasterState: null, newDocumentState: doc }],
    )
    const { rows } = await db.query<{ rev: string; status: string }>(
      'SELECT change_xid::text AS rev, status FROM bookings WHERE id = $1',
      [doc.id],
    )
    expect(rows).toEqual([{ rev: expect.any(String), status: 'CONFIRMED' }])
    expect(outcome.malformed).toEqual([])
    expect(outcome.conflicts as BookingWireDoc[]).toEqual([
      expect.objectContaining({ id: doc.id, status: 'CONFIRMED', rev: rows[0]?.rev }),
    ])
  })
})
