import { useMemo, useState } from 'react'
import type { BulkResult } from '../../../shared/bookingOperations.js'
import { useProviderActions, useSlots } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import {
  type OutcomeLine,
  OutcomeList,
  doneWords,
  outcomeLines,
  outcomeSummary,
} from '../../ui/OutcomeList.js'
import '../bookings/bookingOperations.css'
import { bulkBlockQuestion } from './blockingText.js'

/** How far ahead the panel lists the provider's slots. */
const LIST_DAYS = 28

/**
 * Block or unblock several of the provider's own slots at once (online: POST /api/slots/bulk), with
 * what happened to each. A provider device replicates only its own slots, so every row is theirs.
 * Blocking slots that hold active bookings asks first, as blocking one does (BlockSlotButton.tsx).
 */
export function BulkSlotsPanel({ zone }: { zone: string }) {
  const { bulkSlots } = useProviderActions()
  const announce = useAnnounce()
  const filter = useMemo(() => {
    const from = new Date()
    return { from: from.toISOString(), to: new Date(from.getTime() + LIST_DAYS * 86_400_000).toISOString() }
  }, [])
  const slots = useSlots(filter)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<OutcomeLine[]>([])
  const [done, setDone] = useState('blocked')
  const label = (id: string) => {
    const slot = slots.data.find((s) => s.id === id)
    return slot ? `${slot.serviceName}, ${formatLongDateTime(slot.startTime, zone)}` : id
  }

  // Each selected slot's active bookings, where blocking it would change anything.
  const heldBookings = slots.data
    .filter((slot) => selected.has(slot.id) && !slot.blocked)
    .map((slot) => slot.displayedBookings)
  const blockLabel = `Block ${selected.size} selected`

  function toggle(id: string) {
    const next = new Set(selected)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setSelected(next)
  }

  async function act(action: 'BLOCK' | 'UNBLOCK') {
    setBusy(true)
    setError(null)
    try {
      const result: BulkResult = await bulkSlots({ action, ids: [...selected], atomicity: 'PER_ROW' })
      const lines = outcomeLines(result.rows, label)
      const actionDone = action === 'BLOCK' ? 'blocked' : 'unblocked'
      setOutcome(lines)
      setDone(actionDone)
      setSelected(new Set())
      // A slot already blocked (or open) is not "done": the server's row says so (unchanged).
      announce(outcomeSummary(lines, actionDone))
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'That did not work.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card bulk-panel" aria-labelledby="bulk-slots-title" data-testid="bulk-slots">
      <h2 id="bulk-slots-title">Your slots (next {LIST_DAYS / 7} weeks)</h2>
      <ErrorNote error={error} />
      <ul className="choice-list">
        {slots.data.map((slot) => (
          <li key={slot.id}>
            <label className="choice" data-testid="bulk-slot-row" data-slot-id={slot.id}>
              <input type="checkbox" checked={selected.has(slot.id)} onChange={() => toggle(slot.id)} />
              {label(slot.id)} · {slot.blocked ? 'blocked' : `${slot.remaining} of ${slot.maxBookings} free`}
            </label>
          </li>
        ))}
      </ul>
      <fieldset className="bulk-bar">
        <legend>Act on the selected slots</legend>
        {heldBookings.some((count) => count > 0) ? (
          <ConfirmButton
            label={blockLabel}
            question={bulkBlockQuestion(heldBookings)}
            confirmLabel="Yes, block"
            onConfirm={() => act('BLOCK')}
            disabled={busy}
            testId="bulk-block"
          />
        ) : (
          <button
            type="button"
            className="button button--small button--danger-ghost"
            disabled={busy || selected.size === 0}
            onClick={() => act('BLOCK')}
            data-testid="bulk-block"
          >
            {blockLabel}
          </button>
        )}
        <button
          type="button"
          className="button button--small button--ghost"
          disabled={busy || selected.size === 0}
          onClick={() => act('UNBLOCK')}
          data-testid="bulk-unblock"
        >
          Unblock {selected.size} selected
        </button>
      </fieldset>
      <OutcomeList
        title="What happened"
        lines={outcome}
        words={doneWords(done)}
        testId="bulk-slots-outcome"
      />
    </section>
  )
}
