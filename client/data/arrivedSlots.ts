/**
 * Slot documents the live stream carried, shown from memory until RxDB has stored them (issue 13,
 * goal 4: a booking on one device shows on the others within a blink). RxDB's downstream reads the
 * local copies, writes the documents and then their replication metadata, and only then do the
 * views' queries see them: 10-40 ms in Chromium for one slot. The seat count on screen need not wait
 * for that; the stored copy stays the one the device keeps and acts on once it has caught up.
 *
 * An arrival shows only while the stored copy the views show is still the one they showed when it
 * came (its `base`) and carries no change of the device's own (`localPending`: the device's own write
 * shows until the server has answered it). Once that stored copy changes (RxDB stored the arrival,
 * or a pull brought a later state), the stored copy shows and the arrival leaves memory; after
 * HOLD_MS it leaves in any case, so a document RxDB did not take never lingers. Revisions are not
 * compared: a rev is the writing transaction's id, and a write committed later can carry a lower
 * one (it waited for the row lock), so arrivals count in the order the stream carried them.
 * Nothing here is written to RxDB: replication stays the one way documents enter it.
 */
import { BehaviorSubject, type Observable } from 'rxjs'
import type { SlotDoc } from '../../shared/replication.js'
import { byStart } from './slotWindow.js'

const HOLD_MS = 10_000

export interface ArrivedSlots {
  /** Emits when arrivals came or left memory. */
  changed$: Observable<void>
  /** Documents the stream handed to the slots' replication (wire documents, `_deleted` on each). */
  arrived(documents: readonly Record<string, unknown>[]): void
  /**
   * `stored` (a view's query result) with each arrival in its slot's place while that stored copy is
   * the one views showed when the arrival came, plus the arrivals of slots no view had shown stored,
   * if `inView` accepts them; in start order. A deleted arrival, or one `inView` refuses, hides its
   * slot, and so does a stored copy gone from a view that would hold it (deleted on the device).
   */
  overlay(stored: readonly SlotDoc[], inView: (doc: SlotDoc) => boolean): SlotDoc[]
  close(): void
}

interface Arrival {
  /** The latest the stream carried. */
  doc: SlotDoc
  deleted: boolean
  /** The stored copy's rev the views last showed when the first of these arrivals came (undefined: none showed it). */
  base: string | null | undefined
  until: number
}

export function arrivedSlots(clock: () => number = Date.now): ArrivedSlots {
  const held = new Map<string, Arrival>()
  /** Per slot, the rev of the stored copy a view last showed. */
  const shownRevs = new Map<string, string | null>()
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
        // A later arrival replaces an earlier one and keeps its base: the stored copy they both
        // stand against has not changed in between, or the next overlay drops them.
        const earlier = held.get(doc.id)
        const base = earlier ? earlier.base : shownRevs.get(doc.id)
        held.set(doc.id, { doc, deleted: _deleted === true, base, until })
      }
      expiry ??= setTimeout(expire, HOLD_MS)
      changed$.next()
    },
    overlay(stored, inView) {
      // Every pass notes what it shows stored, arrivals held or not: the base of the next arrival.
      for (const doc of stored) shownRevs.set(doc.id, doc.rev)
      if (held.size === 0) return [...stored]
      const now = clock()
      const live = (arrival: Arrival) => !arrival.deleted && arrival.until > now && inView(arrival.doc)
      const shown: SlotDoc[] = []
      const storedIds = new Set<string>()
      let laid = false
      for (const doc of stored) {
        storedIds.add(doc.id)
        const arrival = held.get(doc.id)
        if (!arrival) shown.push(doc)
        else if (doc.localPending || arrival.base !== doc.rev || arrival.until <= now) {
          // The stored copy moved on (or no view showed it when the arrival came), or the device's
          // own change comes first.
          held.delete(doc.id)
          shown.push(doc)
        } else if (live(arrival)) {
          shown.push(arrival.doc)
          laid = true
        }
      }
      for (const [id, arrival] of held) {
        // Not stored in this view: shown when it is in view and no view had shown a stored copy
        // when it came (a slot the device has not stored yet). A slot's time, provider and service
        // never change, so a view that would hold its stored copy and does not has lost it: deleted
        // on the device, a change of its own that comes first (a provider walk saw a slot deleted
        // offline come back as bookable while the deletion waited to be sent).
        if (storedIds.has(id) || arrival.base !== undefined || !live(arrival)) continue
        shown.push(arrival.doc)
        laid = true
      }
      return laid ? shown.sort(byStart) : shown
    },
    close() {
      clearTimeout(expiry)
      held.clear()
      shownRevs.clear()
    },
  }
}
