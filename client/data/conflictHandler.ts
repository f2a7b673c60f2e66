/**
 * Conflict handling: the server's state is the truth the device lands on. One refinement keeps a
 * user's intent from being silently dropped when it only lost a race: if the push was refused because
 * the device's base was stale (the server's `rev` moved on meanwhile), the fields the user changed
 * (relative to that base) are re-applied on top of the server's state and pushed again against the
 * new base. A refusal against an up-to-date base (same `rev`: e.g. a full slot, a forbidden change)
 * always lands on the server's state, so a refused intent is never retried forever.
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb'
import { deepEqual } from 'rxdb/plugins/utils'
import { transition } from '../../shared/availability.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'

interface Revisioned {
  rev: string | null
  localPending?: boolean
}

type Merge<D> = (input: RxConflictHandlerInput<D>) => WithDeleted<D>

export function rebasingConflictHandler<D extends Revisioned>(merge: Merge<D>): RxConflictHandler<D> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve(input) {
      const { assumedMasterState: base, realMasterState: master } = input
      if (!base || base.rev === master.rev) return master
      return merge(input)
    },
  }
}

/** The server's state with the user's changes to `fields` (those that differ from the base) re-applied. */
function reapplyChangedFields<D extends Revisioned>(
  input: RxConflictHandlerInput<D>,
  fields: readonly (keyof WithDeleted<D>)[],
): WithDeleted<D> {
  const { assumedMasterState: base, realMasterState: master, newDocumentState: local } = input
  const merged: Record<keyof WithDeleted<D>, unknown> = { ...master }
  let changed = false
  for (const field of fields) {
    if (base && !deepEqual(local[field], base[field]) && !deepEqual(local[field], master[field])) {
      merged[field] = local[field]
      changed = true
    }
  }
  return changed ? ({ ...merged, localPending: true } as WithDeleted<D>) : master
}

export const slotConflictHandler = rebasingConflictHandler<SlotDoc>((input) =>
  reapplyChangedFields(input, ['maxBookings', 'blocked', '_deleted']),
)

export const bookingConflictHandler = rebasingConflictHandler<BookingDoc>((input) => {
  const merged = reapplyChangedFields(input, ['status', '_deleted'])
  // A status the lifecycle no longer allows from the server's status would only be refused again.
  return transition(input.realMasterState.status, merged.status).ok ? merged : input.realMasterState
})
