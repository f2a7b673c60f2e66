/**
 * A provider's changes. Capacity, blocking and deleting are local writes that replication pushes;
 * creating slots goes through the REST API while the server answers, and when it cannot be reached the
 * slots are made on the device (with the services read from the local cache, see services.ts) and
 * pushed like any other change. Every change is recorded in the device's change log
 * (providerChanges.ts) until the server accepts it, or shows why it refused it.
 */
import type { BulkResult } from '../../shared/bookingOperations.js'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { SlotDoc } from '../../shared/replication.js'
import {
  Capacity,
  type CreateRecurringSlotsBody,
  type CreateSlotBody,
  type Service,
  type User,
} from '../../shared/schemas.js'
import {
  expandWeeklyPattern,
  planSlots,
  refusalCode,
  type SkippedSlot,
  type SlotInstant,
} from '../../shared/slotRules.js'
import { slotFlags } from '../../shared/availability.js'
import type { ProviderActions } from './api.js'
import type { ClientDatabase } from './database.js'
import { optimisticBookings } from './optimisticBookings.js'
import { type ProviderChange, type TriedChange, providerChangeLog } from './providerChanges.js'
import type { ServerApi } from './serverApi.js'
import { cachedServices } from './services.js'
import { shownServerCopies } from './shownServerCopies.js'

export function providerActions(
  db: ClientDatabase,
  api: ServerApi,
  afterOnlineChange: () => void,
  user?: Pick<User, 'id' | 'name' | 'timeZone'>,
  clock: () => Date = () => new Date(),
): ProviderActions {
  const log = providerChangeLog(db)

  /**
   * The slot as stored; one a view shows from the server that is not stored yet (the first window,
   * before the first pull) is stored now, as the server's copy, to be changed like any other.
   */
  async function ownSlot(slotId: string) {
    const doc = await db.slots.findOne(slotId).exec()
    if (doc) return doc
    const shown = optimisticBookings(db).shownSlots.get(slotId)
    if (!shown) throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId })
    return shownServerCopies(db).store(shown)
  }

  async function patchSlot(slotId: string, patch: Partial<SlotDoc>, tried: TriedChange): Promise<void> {
    const doc = await ownSlot(slotId)
    await doc.incrementalPatch({ ...patch, localPending: true })
    await log.queued({ collection: 'slots', docId: slotId, tried, slotStart: doc.startTime }, clock())
  }

  /** Slots made on the device, pushed when the server can be reached (it decides and may refuse each). */
  async function createLocally(serviceId: string, instants: readonly SlotInstant[], maxBookings: number) {
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, errorMessages.UNAUTHENTICATED)
    const service = (await cachedServices(db, user.id)).find((s: Service) => s.id === serviceId)
    if (!service) throw new DomainError(ErrorCode.NOT_FOUND, 'That service is not known on this device.')
    const now = clock()
    const stamp = now.toISOString()
    const docs: SlotDoc[] = instants.map((instant) => {
      const counters = { maxBookings, currentBookings: 0, blocked: false }
      return {
        id: crypto.randomUUID(),
        providerId: user.id,
        providerName: user.name,
        serviceId,
        serviceName: service.name,
        ...instant,
        ...counters,
        ...slotFlags({ ...counters, startTime: instant.startTime }, now),
        updatedAt: stamp,
        rev: null,
        seatTags: [],
        localPending: true,
      }
    })
    await db.slots.bulkInsert(docs)
    for (const doc of docs) {
      await log.queued(
        {
          collection: 'slots',
          docId: doc.id,
          tried: {
            kind: 'create',
            endTime: doc.endTime,
            serviceName: doc.serviceName,
            maxBookings: doc.maxBookings,
          },
          slotStart: doc.startTime,
        },
        now,
      )
    }
  }

  /** The provider's live slots on the device, for the placement rules. */
  async function localSlots(): Promise<SlotInstant[]> {
    if (!user) return []
    const docs = await db.slots.find({ selector: { providerId: user.id } }).exec()
    return docs.map((d) => ({ startTime: d.startTime, endTime: d.endTime }))
  }

  const actions: ProviderActions = {
    async createSlot(body: CreateSlotBody) {
      try {
        await api.post('/api/slots', body)
        afterOnlineChange()
        return { queued: false }
      } catch (error) {
        if (error instanceof DomainError) throw error
      }
      // The server cannot be reached: the same rules the server applies, on the device's copy.
      const plan = planSlots([body], await localSlots(), clock())
      const skipped = plan.skipped[0]
      if (skipped) {
        const code = refusalCode(skipped.reason)
        throw new DomainError(code, errorMessages[code])
      }
      await createLocally(body.serviceId, plan.create, body.maxBookings)
      return { queued: true }
    },
    async createRecurringSlots(body: CreateRecurringSlotsBody) {
      try {
        const result = await api.post<{ created: number; skipped: SkippedSlot[] }>(
          '/api/slots/recurring',
          body,
        )
        afterOnlineChange()
        return { created: result.created, skipped: result.skipped, queued: false }
      } catch (error) {
        if (error instanceof DomainError) throw error
      }
      const pattern = expandWeeklyPattern(body, user?.timeZone ?? 'UTC')
      const plan = planSlots(pattern, await localSlots(), clock())
      await createLocally(body.serviceId, plan.create, body.maxBookings)
      return { created: plan.create.length, skipped: plan.skipped, queued: true }
    },
    async setCapacity(slotId, maxBookings) {
      const parsed = Capacity.safeParse(maxBookings)
      if (!parsed.success)
        throw new DomainError(ErrorCode.VALIDATION_FAILED, parsed.error.issues[0]?.message ?? 'invalid')
      await patchSlot(slotId, { maxBookings: parsed.data }, { kind: 'capacity', maxBookings: parsed.data })
    },
    async setBlocked(slotId, blocked) {
      await patchSlot(slotId, { blocked }, { kind: 'blocked', blocked })
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
      const doc = await ownSlot(slotId)
      // Marked like every other queued write, so the pending count includes the deletion.
      await doc.incrementalModify((data) => ({ ...data, localPending: true, _deleted: true }))
      await log.queued({
        collection: 'slots',
        docId: slotId,
        tried: { kind: 'delete' },
        slotStart: doc.startTime,
      })
    },
    /** A refused change made again, on top of the server's current state (e.g. after a stale base). */
    async applyAgain(change: ProviderChange) {
      const { tried } = change
      // Made again, it is a new change with its own record; this one is done with.
      if (tried.kind === 'capacity') await actions.setCapacity(change.docId, tried.maxBookings)
      else if (tried.kind === 'blocked') await actions.setBlocked(change.docId, tried.blocked)
      else if (tried.kind === 'delete') await actions.deleteSlot(change.docId)
      await log.dismiss(change.key)
    },
    dismissChange: (key: string) => log.dismiss(key),
  }
  return actions
}
