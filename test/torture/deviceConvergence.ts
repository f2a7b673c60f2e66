/**
 * Invariants 5 and 6 as a check: once a device is in sync, its bookings are exactly the server's
 * bookings of that customer (same ids, statuses and rejection reasons, nothing left pending), and
 * every slot it shows counts exactly the server's counter (no booking counted twice or lost).
 */
import type { Queryable } from '../../server/db/database.js'
import type { Device } from '../helpers/deviceClient.js'

export async function convergenceProblems(
  device: Device,
  db: Queryable,
  slotIds: readonly string[],
): Promise<string[]> {
  const problems: string[] = []
  const { rows: stored } = await db.query<{
    id: string
    status: string
    rejection_reason: string | null
    deleted: boolean
  }>('SELECT id, status, rejection_reason, deleted FROM bookings WHERE customer_id = $1 ORDER BY id', [
    device.session.user.id,
  ])
  const docs = (await device.db.bookings.find().exec()).map((doc) => doc.toJSON())
  const pending = docs.filter((doc) => doc.localPending).length
  if (pending > 0) problems.push(`${pending} bookings still pending on the device`)
  const local = new Map(docs.map((doc) => [doc.id, doc]))
  for (const row of stored) {
    const mine = local.get(row.id)
    if (row.deleted) {
      if (mine) problems.push(`booking ${row.id} is deleted on the server but still on the device`)
      continue
    }
    if (!mine) problems.push(`booking ${row.id} (${row.status}) is on the server but not on the device`)
    else if (mine.status !== row.status || mine.rejectionReason !== row.rejection_reason) {
      problems.push(
        `booking ${row.id}: device ${mine.status}/${mine.rejectionReason}, server ${row.status}/${row.rejection_reason}`,
      )
    }
    local.delete(row.id)
  }
  for (const [id, doc] of local) problems.push(`booking ${id} (${doc.status}) exists only on the device`)

  const { rows: counters } = await db.query<{ id: string; current_bookings: number }>(
    'SELECT id, current_bookings FROM slots WHERE id = ANY($1::uuid[])',
    [slotIds],
  )
  for (const { id, current_bookings } of counters) {
    const view = await device.slot(id)
    if (view?.displayedBookings !== current_bookings) {
      problems.push(
        `slot ${id}: device shows ${view?.displayedBookings} booked, server counts ${current_bookings}`,
      )
    }
  }
  return problems
}
