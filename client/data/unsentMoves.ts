/**
 * Moves of a booking made on this device that the server has not answered yet, with the time the
 * customer holds meanwhile. A move is the booking document's new slot and time, pushed through RxDB;
 * the server takes the new seat before it frees the old one, and a move it refuses leaves the booking
 * where it was. Until it answers, the time really held is the one before the move: it is kept here, in
 * a device-only local document (never pushed), written before the booking is changed. A record speaks
 * only while the booking still waits to be sent at the slot it was moved to; once the server answers
 * (or the booking changes otherwise) it says nothing, and the booking's next move replaces it.
 */
import { useEffect, useState } from 'react'
import type { BookingDoc } from '../../shared/replication.js'
import type { BookingView } from './api.js'
import { useDataContext } from './dataContext.js'
import type { ClientDatabase } from './database.js'
import { type LocalList, localList } from './localList.js'

/** A time held on the server: the slot, its start and (where the device has the slot) its end. */
export interface HeldTime {
  slotId: string
  startTime: string
  endTime: string | null
}

export interface UnsentMove {
  bookingId: string
  /** The slot the booking was moved to on this device. */
  to: string
  /** Where the server has it until it makes the move. */
  held: HeldTime
}

const KEY = 'unsentMoves'

export function unsentMoves(db: ClientDatabase): LocalList<UnsentMove> {
  return localList<UnsentMove>(db, KEY)
}

/**
 * The time a booking holds on the server while a move of it waits on this device; undefined when no
 * move of it waits (none made, or the server answered it).
 */
export function heldWhileMoving(
  moves: readonly UnsentMove[],
  booking: Pick<BookingDoc, 'id' | 'slotId'> & { pending: boolean },
): HeldTime | undefined {
  if (!booking.pending) return undefined
  return moves.find((m) => m.bookingId === booking.id && m.to === booking.slotId)?.held
}

/**
 * Records, before the booking is changed, a move of `booking` (as stored) to `to`: the time it holds
 * is its current one, or, when an earlier move of it still waits, the one that move recorded. A
 * booking the server has never had (no reference) holds nothing there: no record.
 */
export async function recordMove(
  db: ClientDatabase,
  booking: BookingDoc,
  to: string,
  endTime: string | null,
): Promise<void> {
  await unsentMoves(db).update((moves) => {
    const others = moves.filter((m) => m.bookingId !== booking.id)
    if (booking.reference === '') return others.length === moves.length ? moves : others
    const held = heldWhileMoving(moves, { ...booking, pending: Boolean(booking.localPending) }) ?? {
      slotId: booking.slotId,
      startTime: booking.startTime,
      endTime,
    }
    return [...others, { bookingId: booking.id, to, held }]
  })
}

/** Every move recorded on this device (see heldWhileMoving for the ones that still wait). */
export function useUnsentMoves(): readonly UnsentMove[] {
  const { db } = useDataContext()
  const [moves, setMoves] = useState<readonly UnsentMove[]>([])
  useEffect(() => {
    if (!db) return
    const subscription = unsentMoves(db).list$.subscribe(setMoves)
    return () => subscription.unsubscribe()
  }, [db])
  return moves
}

/** The time `booking` holds on the server while a move of it waits on this device. */
export function useHeldWhileMoving(booking: BookingView): HeldTime | undefined {
  return heldWhileMoving(useUnsentMoves(), booking)
}
