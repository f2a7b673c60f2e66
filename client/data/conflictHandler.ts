/**
 * Conflict handling: the server's state is the truth the device lands on. The server decides a stale
 * base per field (shared/slotChangeRules.ts) and answers a refused change with its state plus the
 * refusal; the handler lands on that state and records the refusal in the device's change log
 * (providerChanges.ts), so the provider sees what was tried, why it was refused and the server's value.
 * Bookings keep one refinement for an intent that only lost a race: if the push was refused because
 * the device's base was stale (the server's `rev` moved on meanwhile) and the lifecycle still allows
 * the change from the server's status, it is re-applied on top of the server's state and pushed again
 * (a customer's cancel is never lost to a provider's confirm). A change the lifecycle no longer allows
 * lands on the server's state and is shown.
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

/** The server's answer without the refusal it may carry (never stored on the device). */
function withoutRefusal<D>(answer: WithDeleted<D>): { master: WithDeleted<D>; refusal?: ChangeRefusal } {
  const { refusal, ...master } = answer as WithDeleted<D> & { refusal?: ChangeRefusal }
  return refusal ? { master: master as WithDeleted<D>, refusal } : { master: master as WithDeleted<D> }
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

/** `log` receives the refusals; without one (a device that records nothing) the handler only lands. */
export function slotConflictHandler(log?: ProviderChangeLog): RxConflictHandler<SlotDoc> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve(input) {
      const { master, refusal } = withoutRefusal(input.realMasterState)
      if (!log) return master
      if (refusal) {
        const tried = input.newDocumentState
        await log.refused('slots', master.id, refusal, slotServerValue(refusal.field, master), {
          tried: tried._deleted ? { kind: 'delete' } : { kind: 'create', endTime: tried.endTime },
          slotStart: tried.startTime,
        })
        // An accepted change the server answers anyway (new counters, names, a revision) is settled.
      } else await log.accepted('slots', [master])
      return master
    },
  }
}

export function bookingConflictHandler(log?: ProviderChangeLog): RxConflictHandler<BookingDoc> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve(input) {
      const { master, refusal } = withoutRefusal(input.realMasterState)
      const base = input.assumedMasterState
      if (base && base.rev !== master.rev) {
        const merged = reapplyChangedFields(input, master, ['status', 'statusReason', '_deleted'])
        // A status the lifecycle no longer allows from the server's status would only be refused again.
        if (merged !== master && transition(master.status, merged.status).ok) return merged
      }
      if (refusal) await log?.refused('bookings', master.id, refusal, bookingStatusWords(master), null)
      else await log?.accepted('bookings', [master])
      return master
    },
  }
}
