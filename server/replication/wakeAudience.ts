/**
 * Who a change wakes: the open streams of this process, indexed by what each viewer may see, so a
 * poll's changed scopes reach only the devices that can see them (issue 15) instead of every device.
 *
 * These rules mirror the pull scopes (slotDocuments.ts, bookingDocuments.ts) and must agree with
 * them: waking too few loses latency for that device until its next wake-up or reconnect, waking
 * too many costs a pull that returns nothing.
 *  - a provider: its own slots and the bookings on them;
 *  - a customer: its own bookings and waitlist entries, and every provider's slots (customers
 *    browse them all today);
 *  - everyone: their own notifications.
 * Every index is per organisation (issue 9): a stream works in one organisation and a change belongs
 * to one, so a change in one organisation never wakes a device of another, even the stream of the
 * same person working in the other organisation.
 */
import type { CollectionName } from '../../shared/replication.js'
import type { OrganisationActor } from '../../shared/policy.js'
import type { ChangedScope } from './changedScopes.js'

/** `spacingMs`: the least time the stream should leave before its next wake-up of this collection. */
export type WakeListener = (collection: CollectionName, spacingMs: number) => void

export interface WakePacing {
  /** Spacing per stream woken by the same poll: N streams woken -> each waits N x this before the next. */
  perStreamMs: number
  /** The most any stream waits between two wake-ups. */
  maxMs: number
}

export class WakeAudience {
  /** Keyed by memberKey(organisation, user). */
  private readonly providers = new Map<string, Set<WakeListener>>()
  private readonly customers = new Map<string, Set<WakeListener>>()
  /** Keyed by organisation. */
  private readonly slotBrowsers = new Map<string, Set<WakeListener>>()

  get size(): number {
    let n = 0
    for (const set of this.providers.values()) n += set.size
    for (const set of this.customers.values()) n += set.size
    return n
  }

  /** Registers a stream; returns its removal. */
  add(viewer: OrganisationActor, listener: WakeListener): () => void {
    const index = viewer.role === 'provider' ? this.providers : this.customers
    const key = memberKey(viewer.organisationId, viewer.userId)
    const removeOwn = addTo(index, key, listener)
    const removeBrowser =
      viewer.role === 'customer' ? addTo(this.slotBrowsers, viewer.organisationId, listener) : () => {}
    return () => {
      removeOwn()
      removeBrowser()
    }
  }

  /**
   * Wakes each listener at most once per collection for one poll's changes; returns how many
   * wake-ups. The spacing grows with the number of streams woken together: two devices editing
   * back and forth are woken at once every time, while a thousand devices watching a busy
   * provider are woken at most every `maxMs`, so the pulls they cause stay about constant.
   */
  wake(changes: readonly ChangedScope[], pacing: WakePacing = { perStreamMs: 0, maxMs: 0 }): number {
    const due = new Map<WakeListener, Set<CollectionName>>()
    const mark = (listeners: Iterable<WakeListener> | undefined, collection: CollectionName) => {
      for (const listener of listeners ?? []) {
        const collections = due.get(listener) ?? new Set<CollectionName>()
        due.set(listener, collections)
        collections.add(collection)
      }
    }
    const slotsChangedIn = new Set<string>()
    for (const change of changes) {
      mark(this.providers.get(memberKey(change.organisationId, change.providerId)), change.collection)
      // Bookings and waitlist entries are their customer's too; a notification is its reader's.
      if (change.collection !== 'slots' && change.customerId) {
        mark(this.customers.get(memberKey(change.organisationId, change.customerId)), change.collection)
      }
      if (change.collection === 'slots') slotsChangedIn.add(change.organisationId)
    }
    for (const organisationId of slotsChangedIn) mark(this.slotBrowsers.get(organisationId), 'slots')
    const spacingMs = Math.min(pacing.maxMs, pacing.perStreamMs * due.size)
    let woken = 0
    for (const [listener, collections] of due) {
      for (const collection of collections) {
        woken++
        listener(collection, spacingMs)
      }
    }
    return woken
  }
}

function memberKey(organisationId: string, userId: string): string {
  return `${organisationId}/${userId}`
}

/** Adds `listener` to the set at `key`; returns its removal (which drops an emptied set). */
function addTo(index: Map<string, Set<WakeListener>>, key: string, listener: WakeListener): () => void {
  const set = index.get(key) ?? new Set<WakeListener>()
  index.set(key, set)
  set.add(listener)
  return () => {
    set.delete(listener)
    if (set.size === 0) index.delete(key)
  }
}
