/**
 * Invariant 6's counting rule (displayedBookings): whatever order a device learns things in (the
 * slot's new counter, its bookings' confirmations or rejections, its own unsent changes), every
 * booking is counted exactly once, by the freshest state the device has of it, and once everything
 * has arrived the device shows the server's counter.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displayedBookings, isActive } from '../../shared/availability.js'
import type { BookingStatus } from '../../shared/schemas.js'
import { seatTag } from '../../shared/seatTags.js'

/** One server transaction in a slot's history. */
type Event =
  | { kind: 'create'; booking: number; accepted: boolean }
  | { kind: 'cancel'; booking: number }
  | { kind: 'other' } // e.g. a capacity change: the slot's row changes, no seat does

interface ServerState {
  currentBookings: number
  status: Map<number, BookingStatus>
}

const OWN = 3 // bookings 0..OWN-1 are this device's; the rest are other customers'
const BOOKINGS = 6

/** A random but lifecycle-respecting history: each booking is created once and maybe cancelled later. */
const history = fc
  .array(fc.record({ pick: fc.nat(BOOKINGS - 1), accepted: fc.boolean(), other: fc.boolean() }), {
    maxLength: 25,
  })
  .map((steps) => {
    const events: Event[] = []
    const state = new Map<number, BookingStatus>()
    for (const step of steps) {
      const current = state.get(step.pick)
      if (step.other) events.push({ kind: 'other' })
      else if (current === undefined) {
        events.push({ kind: 'create', booking: step.pick, accepted: step.accepted })
        state.set(step.pick, step.accepted ? 'CONFIRMED' : 'REJECTED')
      } else if (isActive(current)) {
        events.push({ kind: 'cancel', booking: step.pick })
        state.set(step.pick, 'CANCELLED')
      }
    }
    return events
  })

function replay(events: readonly Event[]): ServerState[] {
  const states: ServerState[] = [{ currentBookings: 0, status: new Map() }]
  for (const event of events) {
    const previous = states.at(-1) as ServerState
    const status = new Map(previous.status)
    let count = previous.currentBookings
    if (event.kind === 'create') {
      status.set(event.booking, event.accepted ? 'CONFIRMED' : 'REJECTED')
      if (event.accepted) count++
    } else if (event.kind === 'cancel') {
      status.set(event.booking, 'CANCELLED')
      count--
    }
    states.push({ currentBookings: count, status })
  }
  return states
}

const bookingId = (n: number) => `booking-${n}`

/** The slot document as the server renders it at a version: the same for every viewer (issue 15). */
function slotAt(state: ServerState) {
  const seatTags = [...state.status]
    .filter(([, s]) => isActive(s))
    .map(([n]) => seatTag(bookingId(n)))
    .sort()
  return { currentBookings: state.currentBookings, seatTags }
}

interface DeviceKnowledge {
  slotVersion: number
  /** Per own booking: the server version the device last received it at (-1: never). */
  bookingVersion: number[]
  /** Per own booking: an unsent local cancel on top of what the device holds. */
  localCancel: boolean[]
}

/** The device's local state of its own bookings: received server state, else its optimistic PENDING. */
function localBookings(states: ServerState[], events: readonly Event[], k: DeviceKnowledge) {
  const list: { id: string; status: BookingStatus }[] = []
  for (let n = 0; n < OWN; n++) {
    // The device made the booking iff the server history creates it (it pushed it at some point).
    if (!events.some((e) => e.kind === 'create' && e.booking === n)) continue
    const received = states[k.bookingVersion[n] ?? -1]?.status.get(n)
    let status: BookingStatus = received ?? 'PENDING'
    if (k.localCancel[n] && isActive(status)) status = 'CANCELLED'
    list.push({ id: bookingId(n), status })
  }
  return list
}

/** What must be shown: others' seats as the slot document has them, own seats as the device has them. */
function expectedCount(states: ServerState[], events: readonly Event[], k: DeviceKnowledge): number {
  const slot = states[k.slotVersion] as ServerState
  const others = [...slot.status].filter(([n, s]) => n >= OWN && isActive(s)).length
  return others + localBookings(states, events, k).filter((b) => isActive(b.status)).length
}

function shown(states: ServerState[], events: readonly Event[], k: DeviceKnowledge): number {
  return displayedBookings(slotAt(states[k.slotVersion] as ServerState), localBookings(states, events, k))
}

describe('displayedBookings (optimistic counters)', () => {
  it('counts every booking exactly once in any state of knowledge', () => {
    fc.assert(
      fc.property(
        history,
        fc.nat(),
        fc.array(fc.integer({ min: -1, max: 1000 }), { minLength: OWN, maxLength: OWN }),
        fc.array(fc.boolean(), { minLength: OWN, maxLength: OWN }),
        (events, slotPick, bookingPicks, localCancel) => {
          const states = replay(events)
          const k: DeviceKnowledge = {
            slotVersion: slotPick % states.length,
            bookingVersion: bookingPicks.map((v) => (v < 0 ? -1 : v % states.length)),
            localCancel,
          }
          expect(shown(states, events, k)).toBe(expectedCount(states, events, k))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('converges to the server counter whatever order the slot and the bookings arrive in', () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(OWN), { maxLength: 40 }), fc.nat(), (events, order, seed) => {
        const states = replay(events)
        const last = states.length - 1
        const k: DeviceKnowledge = {
          slotVersion: 0,
          bookingVersion: Array(OWN).fill(-1),
          localCancel: Array(OWN).fill(false),
        }
        // Deliveries in the given order: OWN = the slot document, n < OWN = own booking n; each
        // delivery moves that document forward to some newer server version (never backwards).
        let step = seed
        for (const doc of order) {
          step = (step * 1103515245 + 12345) % 2 ** 31
          if (doc === OWN) k.slotVersion = Math.min(last, k.slotVersion + 1 + (step % 3))
          else
            k.bookingVersion[doc] = Math.min(last, Math.max(0, k.bookingVersion[doc] ?? -1) + 1 + (step % 3))
          expect(shown(states, events, k)).toBe(expectedCount(states, events, k))
        }
        // Everything arrives: the device shows exactly the server's counter.
        k.slotVersion = last
        k.bookingVersion = Array(OWN).fill(last)
        expect(shown(states, events, k)).toBe(states[last]?.currentBookings)
      }),
      { numRuns: 1000 },
    )
  })

  it('would double count without seat tags: the server counter plus the confirmed local booking', () => {
    const slotAfterBooking = { currentBookings: 1, seatTags: [] as string[] }
    expect(displayedBookings(slotAfterBooking, [{ id: 'b', status: 'CONFIRMED' }])).toBe(2)
    expect(
      displayedBookings({ ...slotAfterBooking, seatTags: [seatTag('b')] }, [
        { id: 'b', status: 'CONFIRMED' },
      ]),
    ).toBe(1)
  })

  it("counts another customer's booking by the server alone: only the device's own ids match a tag", () => {
    const slot = { currentBookings: 2, seatTags: [seatTag('mine'), seatTag('theirs')].sort() }
    expect(displayedBookings(slot, [{ id: 'mine', status: 'CONFIRMED' }])).toBe(2)
    expect(displayedBookings(slot, [{ id: 'mine', status: 'CANCELLED' }])).toBe(1)
    // A seat tag names no booking: 12 hex digits of a hash, not the id.
    expect(slot.seatTags.join()).not.toContain('theirs')
    expect(seatTag('theirs')).toMatch(/^[0-9a-f]{12}$/)
  })
})
