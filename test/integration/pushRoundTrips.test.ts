/**
 * What an accepted offline booking push costs in SQL round trips (BEGIN and COMMIT included). Each
 * statement is one network round trip to PostgreSQL, and the push of a device that was offline for a
 * while carries one row per booking, so this is its latency per booking.
 *
 * Measured: 7 before issue 8 (read, insert, seat, audit, re-read, plus BEGIN/COMMIT).
 */
import { describe, expect, it } from 'vitest'
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
  it('costs at most 5 round trips', async () => {
    const slot = await seed.createSlot({ maxBookings: 3 })
    const doc = newBookingDoc(slot, seed.customerA.id)
    counting.reset()
    const outcome = await pushDocuments(counting.db, seed.customerA, replicatedCollections.bookings, [
      { assumedMasterState: null, newDocumentState: doc },
    ])
    console.log(`round trips: ${counting.statements.length}`, counting.statements)
    expect(outcome.malformed).toEqual([])
    expect(counting.statements.length).toBeLessThanOrEqual(5)
  })
})
