/**
 * Slot documents the live stream carried, shown from memory until RxDB has stored them (issue 13,
 * goal 4: a booking on one device shows on the others within a blink). RxDB's downstream reads the
 * local copies, writes the documents and then their replication metadata, and only then do the
 * views' queries see them: 10-40 ms in Chromium for one slot. The seat count on screen need not wait
 * for that; the stored copy stays the one the device keeps and acts on once it has caught up.
 *
 * A stored slot gives way to its arrival only while the arrival is newer (by `rev`) and the device
 * has no change of its own waiting on it (`localPending`: the device's own write shows until the
 * server has answered it). An arrival leaves memory when the stored copy has caught up, and after
 * HOLD_MS in any case, so a document RxDB did not take (its local copy had changed) never lingers.
 * Nothing here is written to RxDB: replication stays the one way documents enter it.
 */
import { BehaviorSubject, type Observable } from 'rxjs'
import type { SlotDoc } from '../../shared/replication.js'
import { newer } from './inFlightArrivals.js'
import { byStart } from './slotWindow.js'

const HOLD_MS = 10_000

export interface ArrivedSlots {
  /** Emits when arrivals came or left memory. */
  changed$: Observable<void>
  /** Documents the stream handed to the slots' replication (wire documents, `_deleted` on each). */
  arrived(documents: readonly Record<string, unknown>[]): void
  /**
   * `stored` (in start order) with the arrivals newer than their stored copy in their place, and the
   * arrivals not stored yet that `inView` accepts, in start order; a deleted arrival hides its slot.
   */
  overlay(stored: readonly SlotDoc[], inView: (doc: SlotDoc) => boolean): SlotDoc[]
  close(): void
}

interface Arrival {
  doc: SlotDoc
  deleted: boolean
  until: number
}

export function arrivedSlots(clock: () => number = Date.now): ArrivedSlots {
  const held = new Map<string, Arrival>()
  const changed$ = new BehaviorSubject<void>(undefined)
  let expiry: ReturnType<typeof setTimeout> | undefined
  /** Drops the arrivals whose hold is over, and waits for the next one's. */
  const expire = () => {
    expiry = undefined
    const now = clock()
    let dropped = false
    let next = Number.POSITIVE_INFINITY
    for (const [id, arrival] of held) {
      if (arrival.until <= now) {
        held.delete(id)
        dropped = true
      } else next = Math.min(next, arrival.until)
    }
    if (held.size > 0) expiry = setTimeout(expire, next - now)
    if (dropped) changed$.next()
  }
  return {
    changed$: changed$.asObservable(),
    arrived(documents) {
      if (documents.length === 0) return
      const until = clock() + HOLD_MS
      for (const wire of documents) {
        const { _deleted, ...doc } = wire as SlotDoc & { _deleted?: boolean }
        const kept = held.get(doc.id)
        if (kept && newer(kept.doc, doc)) continue
        held.set(doc.id, { doc, deleted: _deleted === true, until })
      }
      expiry ??= setTimeout(expire, HOLD_MS)
      changed$.next()
    },
    overlay(stored, inView) {
      if (held.size === 0) return [...stored]
      const now = clock()
      const shown: SlotDoc[] = []
      const storedIds = new Set<string>()
      for (const doc of stored) {
        storedIds.add(doc.id)
        const arrival = held.get(doc.id)
        if (!arrival) shown.push(doc)
        else if (doc.localPending || !newer(arrival.doc, doc) || arrival.until <= now) {
          // Caught up, or the device's own change comes first.
          held.delete(doc.id)
          shown.push(doc)
        } else if (!arrival.deleted) shown.push(arrival.doc)
      }
      let added = false
      for (const [id, arrival] of held) {
        if (storedIds.has(id) || arrival.deleted || arrival.until <= now || !inView(arrival.doc)) continue
        shown.push(arrival.doc)
        added = true
      }
      return added ? shown.sort(byStart) : shown
    },
    close() {
      clearTimeout(expiry)
      held.clear()
    },
  }
}
