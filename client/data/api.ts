/**
 * The contract between client/data (RxDB, replication) and the UI (client/app, client/features).
 * Components import hooks and actions from client/data only; they never touch RxDB or fetch.
 * Implemented in client/data/*.ts; this file holds the types both sides agree on.
 */
import type {
  BookingSeries,
  CreateSeriesBody as CreateSeriesRequest,
  BulkResult,
  BulkBookingsBody as BulkBookingsRequest,
  BulkSlotsBody as BulkSlotsRequest,
  CancelRangeBody as CancelRangeRequest,
} from '../../shared/bookingOperations.js'
import type { MyOrganisation } from '../../shared/organisations.js'
import type { SkippedSlot } from '../../shared/slotRules.js'
import type { ProviderChange } from './providerChanges.js'
import type { QueuedSeries } from './seriesOutbox.js'
import type {
  Booking,
  CreateRecurringSlotsBody,
  CreateSlotBody,
  SettableStatus,
  Slot,
  User,
} from '../../shared/schemas.js'

export interface Session {
  token: string
  expiresAt: string
  user: User
  /** The user's organisations and role in each (fetched at sign-in; issue 9). */
  organisations?: MyOrganisation[]
  /** The organisation the app works in (one of `organisations`); the server's default when absent. */
  organisationId?: string
}

/** A slot as the UI shows it: the server's row plus the optimistic effect of local, unsynced writes. */
export interface SlotView extends Slot {
  /** currentBookings including local bookings the server has not acknowledged yet (never counted twice). */
  displayedBookings: number
  /** maxBookings - displayedBookings, never below 0. */
  remaining: number
  /** 'available' | 'full' | 'blocked' | 'past', from shared/availability.ts with the optimistic count. */
  state: 'available' | 'full' | 'blocked' | 'past'
  /** True while a local change to this slot or its bookings waits to be pushed. */
  pending: boolean
}

export interface BookingView extends Booking {
  /** True while the local write has not been acknowledged by the server. */
  pending: boolean
}

export interface SyncStatus {
  online: boolean
  /**
   * The network was down (the browser said so) when this status was read. The pill reads the browser
   * at once and this status a moment later: a status read offline is not "Can't reach the server".
   */
  offline: boolean
  /** Not online yet, but not offline either: the network is up and the first try to reach the server is under way. */
  connecting: boolean
  syncing: boolean
  /** Local writes not yet acknowledged by the server. */
  pendingChanges: number
  lastSyncedAt: string | null
  error: string | null
  /**
   * After a failed request: when the device next tries the server (epoch ms), a replication retry or
   * a check whether the server answers again; null when nothing waits to be retried.
   */
  retryAt: number | null
}

export interface SlotFilter {
  from: string
  to: string
  providerId?: string
  serviceId?: string
}

export interface Loadable<T> {
  data: T
  loading: boolean
  error: string | null
}

/** A booking the server refused, surfaced once to the device that made it. */
export interface RejectionNotice {
  booking: Booking
  reason: string
  message: string
}

export interface BookingActions {
  book(slotId: string, notes: string): Promise<Booking>
  setStatus(
    bookingId: string,
    status: SettableStatus,
    /** A provider's reason for cancelling or declining, shown to the customer. */
    reason?: string,
  ): Promise<void>
  /**
   * Moves an active booking to another slot of the same service (a local write: offline too). The
   * server takes the new seat before it frees the old one; if it cannot, the booking comes back to
   * its old slot and a BOOKING_NOT_MOVED notification says why.
   */
  reschedule(bookingId: string, slotId: string): Promise<void>
}

/** A customer's weekly series and the actions over several of their bookings. */
export interface SeriesActions {
  /**
   * Keeps the series on the device (offline too) until the server answers it with an outcome per
   * week (useQueuedSeries); sent as one request, idempotent on its id (generated when absent).
   */
  queueSeries(body: CreateSeriesRequest): Promise<QueuedSeries>
  /** Forgets an answered series' outcome (a waiting one stays). */
  dismissSeries(id: string): Promise<void>
  listSeries(): Promise<BookingSeries[]>
  /** This occurrence and every later one of its series; one outcome per booking. */
  cancelRestOfSeries(bookingId: string): Promise<BulkResult>
  /** Several of the customer's own bookings at once (POST /api/bookings/bulk); one outcome per booking. */
  cancelBookings(ids: readonly string[]): Promise<BulkResult>
}

export interface ProviderActions {
  /**
   * Through the REST API while the server answers; otherwise made on the device and pushed later
   * (`queued`: the server has not seen it yet and may still refuse it).
   */
  createSlot(body: CreateSlotBody): Promise<{ queued: boolean }>
  createRecurringSlots(
    body: CreateRecurringSlotsBody,
  ): Promise<{ created: number; skipped: SkippedSlot[]; queued: boolean }>
  /** Offline-capable (a local write pushed by replication). */
  setCapacity(slotId: string, maxBookings: number): Promise<void>
  setBlocked(slotId: string, blocked: boolean): Promise<void>
  deleteSlot(slotId: string): Promise<void>
  /** Makes a refused change again on the server's current state (one click after a stale base). */
  applyAgain(change: ProviderChange): Promise<void>
  dismissChange(key: string): Promise<void>
  /** Online only: several bookings at once, one outcome per row (the REST API's bulk endpoints). */
  bulkBookings(body: BulkBookingsRequest): Promise<BulkResult>
  cancelDateRange(body: CancelRangeRequest): Promise<BulkResult>
  bulkSlots(body: BulkSlotsRequest): Promise<BulkResult>
}

export type { ProviderChange, TriedChange } from './providerChanges.js'
export type { PlannedOccurrence, QueuedSeries } from './seriesOutbox.js'
