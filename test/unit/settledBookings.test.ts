/**
 * The device learns when the server has answered one of its booking changes (so the UI can drop a
 * "sent when you are back online" toast): accepted or rejected, over fake-indexeddb.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import { openClientDatabase } from '../../client/data/database.js'
import { type SettledBooking, watchRejections } from '../../client/data/rejections.js'
import type { BookingDoc } from '../../shared/replication.js'

const booking = (id: string): BookingDoc => ({
  id,
  slotId: '00000000-0000-4000-8000-000000000002',
  providerId: '00000000-0000-4000-8000-000000000003',
  serviceId: '00000000-0000-4000-8000-000000000004',
  customerId: '00000000-0000-4000-8000-000000000005',
  customerName: 'Carla',
  reference: '',
  startTime: '2030-01-01T10:00:00.000Z',
  status: 'PENDING',
  rejectionReason: null,
  declined: false,
  notes: '',
  createdAt: '2029-12-01T10:00:00.000Z',
  updatedAt: '2029-12-01T10:00:00.000Z',
  rev: null,
  localPending: true,
})

describe('settled bookings', () => {
  it('reports a local booking once the server accepted or rejected it, not before', async () => {
    const db = await openClientDatabase({ name: 'settled', indexedDB: new IDBFactory(), IDBKeyRange })
    const feed = watchRejections(db.bookings)
    const settled: SettledBooking[] = []
    const watch = feed.settled$.subscribe((s) => settled.push(s))
    try {
      const accepted = booking('00000000-0000-4000-8000-0000000000a1')
      const refused = booking('00000000-0000-4000-8000-0000000000a2')
      await db.bookings.bulkInsert([accepted, refused])
      await db.bookings.upsert({ ...accepted, notes: 'still local' })
      expect(settled).toEqual([])
      // The server's answers replace the local documents (no localPending).
      const { localPending: _a, ...acceptedOnServer } = accepted
      const { localPending: _r, ...refusedOnServer } = refused
      await db.bookings.upsert({ ...acceptedOnServer, status: 'CONFIRMED', rev: '10' })
      await db.bookings.upsert({
        ...refusedOnServer,
        status: 'REJECTED',
        rejectionReason: 'SLOT_FULL',
        rev: '11',
      })
      expect(settled).toEqual([
        { bookingId: accepted.id, rejected: false, status: 'CONFIRMED' },
        { bookingId: refused.id, rejected: true, status: 'REJECTED' },
      ])
    } finally {
      watch.unsubscribe()
      feed.close()
      await db.close()
    }
  })
})
