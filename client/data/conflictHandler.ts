/**
 * Conflict handling: the server's state is the truth the device lands on. The server decides a stale
 * base per field (shared/slotChangeRules.ts) and answers a refused change with its state plus the
 * refusal; the handler lands on that state and records the refusal in the device's change log
 * (providerChanges.ts), so the provider sees what was tried, why it was refused and the server's value.
 * Bookings keep one refinement for an intent that only lost a race: if the push was refused because
 * the device's base was stale (the server's `rev` moved on meanwhile) and the lifecycle still allows
 * the change from the server's status, it is re-applied on top of the server's state and pushed again
 * (a customer's cancel is never lost to a provider's confirm), unless the booking moved to another
 * slot meanwhile: a cancel of Thursday's session is not a cancel of the Tuesday it was moved to. A
 * change the lifecycle no longer allows lands on the server's state and is shown.
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb'
import { deepEqual } from 'rxdb/plugins/utils'
import { transition } from '../../shared/availability.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import type { ChangeRefusal } from '../../shared/slotChangeRules.js'
import type { ProviderChangeLog } from './providerChanges.js'
import { bookingStatusWords, slotServerValue } from './providerChangeWords.js'

interface Revisioned {
  rev: string | null
  localPending?: boolean
}

/**
 * The server's answer without the refusals it may carry (never stored on the device): `refusals`, one
 * per refused field, or the single `refusal` of a server that predates them.
 */
function withoutRefusals<D>(answer: WithDeleted<D>): { master: WithDeleted<D>; refusals: ChangeRefusal[] } {
  const { refusal, refusals, ...master } = answer as WithDeleted<D> & {
    refusal?: ChangeRefusal
    refusals?: ChangeRefusal[]
  }
  return { master: master as WithDeleted<D>, refusals: refusals ?? (refusal ? [refusal] : []) }
}

/** The server's state with the user's changes to `fields` (those that differ from the base) re-applied. */
function reapplyChangedFields<D extends Revisioned>(
  input: RxConflictHandlerInput<D>,
  master: WithDeleted<D>,
  fields: readonly (keyof WithDeleted<D>)[],
): WithDeleted<D> {
  const { assumedMasterState: base, newDocumentState: local } = input
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

/** `log` receives the outcomes; without one (a device that records nothing) the handler only lands. */
export function slotConflictHandler(log?: ProviderChangeLog): RxConflictHandler<SlotDoc> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve(input) {
      const { master, refusals } = withoutRefusals(input.realMasterState)
      const tried = input.newDocumentState
      // An accepted change the server answers anyway (new counters, names, a revision) is settled.
      await log?.resolved('slots', {
        pushed: tried,
        server: master,
        refusals,
        serverValue: (field) => slotServerValue(field, master),
        fallback: {
          tried: tried._deleted
            ? { kind: 'delete' }
            : {
                kind: 'create',
                endTime: tried.endTime,
                serviceName: tried.serviceName,
                maxBookings: tried.maxBookings,
              },
          slotStart: tried.startTime,
        },
      })
      return master
    },
  }
}

export function bookingConflictHandler(log?: ProviderChangeLog): RxConflictHandler<BookingDoc> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve(input) {
      const { master, refusals } = withoutRefusals(input.realMasterState)
      const base = input.assumedMasterState
      // A status change made on a time the booking no longer has (another device or the other party
      // moved it meanwhile) is not carried over to the new time: the user cancelled that session, not
      // this one. It lands on the server's state; the server's refusal says why (a provider's list).
      if (base && base.rev !== master.rev && base.slotId === master.slotId) {
        const merged = reapplyChangedFields(input, master, ['status', 'statusReason', '_deleted'])
        // A status the lifecycle no longer allows from the server's status would only be refused again.
        // Re-applied, the change stays queued until that push is answered. A change the server is
        // already at (the customer cancelled first) is not re-applied for its reason alone: that reason
        // would be put on someone else's cancellation; the server's refusal says it was not saved.
        const moves = merged.status !== master.status || merged._deleted !== master._deleted
        if (moves && transition(master.status, merged.status).ok) return merged
      }
      await log?.resolved('bookings', {
        pushed: input.newDocumentState,
        server: master,
        refusals,
        serverValue: () => bookingStatusWords(master),
      })
      return master
    },
  }
}
