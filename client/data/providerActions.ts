/**
 * A provider's changes: creating slots goes through the REST API (online only: the server builds the
 * rows); capacity, blocking and deleting are local writes that replication pushes, and a refusal
 * (e.g. capacity below the bookings held) lands the slot back on the server's state.
 */
import type { BulkResult } from '../../shared/bookingOperations.js'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { SlotDoc } from '../../shared/replication.js'
import type { SkippedSlot } from '../../shared/slotRules.js'
import { Capacity, type CreateRecurringSlotsBody, type CreateSlotBody } from '../../shared/schemas.js'
import type { ProviderActions } from './api.js'
import type { ClientDatabase } from './database.js'
import type { ServerApi } from './serverApi.js'

export function providerActions(
  db: ClientDatabase,
  api: ServerApi,
  afterOnlineChange: () => void,
): ProviderActions {
  async function patchSlot(slotId: string, patch: Partial<SlotDoc>): Promise<void> {
    const doc = await db.slots.findOne(slotId).exec()
    if (!doc) throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId })
    await doc.incrementalPatch({ ...patch, localPending: true })
  }
  return {
    async createSlot(body: CreateSlotBody) {
      await api.post('/api/slots', body)
      afterOnlineChange()
    },
    async createRecurringSlots(body: CreateRecurringSlotsBody) {
      const result = await api.post<{ created: number; skipped: SkippedSlot[] }>('/api/slots/recurring', body)
      afterOnlineChange()
      return { created: result.created, skipped: result.skipped }
    },
    async setCapacity(slotId, maxBookings) {
      const parsed = Capacity.safeParse(maxBookings)
      if (!parsed.success)
        throw new DomainError(ErrorCode.VALIDATION_FAILED, parsed.error.issues[0]?.message ?? 'invalid')
      await patchSlot(slotId, { maxBookings: parsed.data })
    },
    async setBlocked(slotId, blocked) {
      await patchSlot(slotId, { blocked })
    },
    async bulkBookings(body) {
      const result = await api.post<BulkResult>('/api/bookings/bulk', body)
      afterOnlineChange()
      return result
    },
    async cancelDateRange(body) {
      const result = await api.post<BulkResult>('/api/bookings/cancel-range', body)
      afterOnlineChange()
      return result
    },
    async bulkSlots(body) {
      const result = await api.post<BulkResult>('/api/slots/bulk', body)
      afterOnlineChange()
      return result
    },
    async deleteSlot(slotId) {
      const doc = await db.slots.findOne(slotId).exec()
      if (!doc) throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId })
      await doc.remove()
    },
  }
}
