/**
 * A customer's series actions. Booking a series is a write to the device's outbox (offline too;
 * seriesOutbox.ts), sent by replication; cancelling several bookings or the rest of a series is a
 * REST request (online).
 */
import type { BookingSeries, BulkResult } from '../../shared/bookingOperations.js'
import type { SeriesActions } from './api.js'
import type { ClientDatabase } from './database.js'
import { seriesOutbox } from './seriesOutbox.js'
import type { ServerApi } from './serverApi.js'

/** `db` null: the database is still opening (the REST actions work; booking a series waits for it). */
export function seriesActions(db: ClientDatabase | null, api: ServerApi, reSync: () => void): SeriesActions {
  const outbox = db ? seriesOutbox(db) : null
  const notReady = () => Promise.reject(new Error('The local database is still opening.'))
  return {
    queueSeries: (body) =>
      outbox ? outbox.queue({ ...body, id: body.id ?? crypto.randomUUID() }) : notReady(),
    dismissSeries: (id) => (outbox ? outbox.dismiss(id) : notReady()),
    listSeries: () => api.get<BookingSeries[]>('/api/bookings/series'),
    async cancelRestOfSeries(bookingId) {
      const result = await api.post<BulkResult>(`/api/bookings/${bookingId}/cancel-rest-of-series`, {})
      reSync()
      return result
    },
    async cancelBookings(ids) {
      const result = await api.post<BulkResult>('/api/bookings/bulk', {
        action: 'CANCEL',
        ids,
        atomicity: 'PER_ROW',
      })
      reSync()
      return result
    },
  }
}
