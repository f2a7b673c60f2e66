/**
 * The device's pending documents (client/data/pendingDocuments.ts) over fake-indexeddb: every local
 * mark, answer and marked deletion shows, while a pull of unmarked documents does not make the device
 * scan its storage again.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import type { RxCollection } from 'rxdb'
import { describe, expect, it, vi } from 'vitest'
import { openClientDatabase } from '../../client/data/database.js'
import { pendingDocumentIds$ } from '../../client/data/pendingDocuments.js'
import type { BookingDoc } from '../../shared/replication.js'

const booking = (n: number, fields: Partial<BookingDoc> = {}): BookingDoc => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  slotId: '00000000-0000-4000-8000-100000000002',
  providerId: '00000000-0000-4000-8000-100000000003',
  serviceId: '00000000-0000-4000-8000-100000000004',
  customerId: '00000000-0000-4000-8000-100000000005',
  customerName: 'Carla',
  reference: '',
  startTime: '2030-01-01T10:00:00.000Z',
  status: 'CONFIRMED',
  rejectionReason: null,
  declined: false,
  notes: '',
  createdAt: '2029-12-01T10:00:00.000Z',
  updatedAt: '2029-12-01T10:00:00.000Z',
  rev: '1',
  ...fields,
})

describe('pending documents', () => {
  it('follows marks, answers and marked deletions, and leaves the storage alone during a pull', async () => {
    const db = await openClientDatabase({ name: 'pendingdocs', indexedDB: new IDBFactory(), IDBKeyRange })
    const reads = vi.spyOn(db.bookings.storageInstance, 'query')
    let latest: readonly string[] | undefined
    const bookings = db.bookings as unknown as RxCollection<{ localPending?: boolean }>
    const watch = pendingDocumentIds$(bookings).subscribe((ids) => {
      latest = ids
    })
    const shows = async (expected: readonly string[]) => {
      for (let i = 0; i < 250 && JSON.stringify(latest) !== JSON.stringify(expected); i++)
        await new Promise((resolve) => setTimeout(resolve, 20))
      expect(latest).toEqual(expected)
    }
    // Lets the 20 ms audit window pass, so a read the last change asked for has run.
    const settled = () => new Promise((resolve) => setTimeout(resolve, 100))
    try {
      await shows([])
      await settled()
      const readsBeforePull = reads.mock.calls.length

      // A pull stores the server's documents, none of them marked.
      await db.bookings.bulkInsert(Array.from({ length: 200 }, (_, i) => booking(i + 1)))
      await db.bookings.upsert({ ...booking(7), notes: 'changed on the server', rev: '2' })
      await settled()
      expect(reads.mock.calls.length).toBe(readsBeforePull)
      expect(latest).toEqual([])

      // The device changes two documents; the server then answers one of them.
      const mine = booking(500, { status: 'PENDING', rev: null, localPending: true })
      await db.bookings.insert(mine)
      await shows([mine.id])
      await db.bookings.upsert({ ...booking(9), status: 'CANCELLED', localPending: true })
      await shows([booking(9).id, mine.id].sort())
      const { localPending: _mark, ...answered } = mine
      await db.bookings.upsert({ ...answered, status: 'CONFIRMED', rev: '3' })
      await shows([booking(9).id])

      // A deletion made on the device stays pending as its marked tombstone.
      const doomed = await db.bookings.findOne(booking(11).id).exec()
      await doomed?.incrementalPatch({ localPending: true })
      await doomed?.getLatest().remove()
      await shows([booking(9).id, booking(11).id].sort())
    } finally {
      watch.unsubscribe()
      await db.close()
    }
  })
})
