import { type FormEvent, useId, useState } from 'react'
import { isActive, slotDeletionRefusal } from '../../../shared/availability.js'
import { NOT_SENT_YET } from '../../data/bookingStatusWords.js'
import type { BookingView, SlotView } from '../../data/index.js'
import { changeKey, useProviderActions, useWaitlist } from '../../data/index.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { formatLongDateTime, formatTime } from '../../ui/calendarTime.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { Dialog } from '../../ui/Dialog.js'
import { slotStateLabels } from '../../ui/slotState.js'
import { providerSeatsUsed, seatsTaken } from '../../ui/seatText.js'
import { useChangeAnnouncer } from '../sync/useChangeAnnouncer.js'
import { SlotWaitlist } from '../waitlist/SlotWaitlist.js'
import { BlockSlotButton } from './BlockSlotButton.js'
import { MAX_CAPACITY, capacityHint, capacityProblem } from './capacityRange.js'
import { SlotBookingList } from './SlotBookingList.js'
import { deleteHint } from './slotDeletionHint.js'
import { bookingsNotHeld } from './slotBookingsArriving.js'

interface SlotDetailsDialogProps {
  slot: SlotView | null
  bookings: readonly BookingView[]
  zone: string
  onClose: () => void
  /** The slot was deleted (the dialog closes: its opener is gone, the page puts the focus elsewhere). */
  onDeleted: (slotId: string) => void
}

/** Everything a provider does to one slot: capacity, block/unblock, delete, and its bookings. */
export function SlotDetailsDialog({ slot, bookings, zone, onClose, onDeleted }: SlotDetailsDialogProps) {
  const title = slot
    ? `${slot.serviceName}, ${formatLongDateTime(slot.startTime, zone)}–${formatTime(slot.endTime, zone)}`
    : ''
  return (
    <Dialog
      open={slot !== null}
      title="Manage slot"
      description={title}
      onClose={onClose}
      testId="slot-dialog"
    >
      {slot && (
        <SlotControls slot={slot} bookings={bookings} zone={zone} onDeleted={() => onDeleted(slot.id)} />
      )}
    </Dialog>
  )
}

function SlotControls({
  slot,
  bookings,
  zone,
  onDeleted,
}: {
  slot: SlotView
  bookings: readonly BookingView[]
  zone: string
  onDeleted: () => void
}) {
  const actions = useProviderActions()
  const { data: waitlist } = useWaitlist()
  const { announceChange } = useChangeAnnouncer()
  const [error, setError] = useState<string | null>(null)
  // The seats the slot counts, whether or not their bookings have reached this device yet: a fresh
  // device may not hold them all, and what it offers must not go below them (slotBookingsArriving.ts).
  const notHeld = bookingsNotHeld(slot, bookings)
  const activeCount = bookings.filter((b) => isActive(b.status)).length + notHeld
  const deletion = slotDeletionRefusal({
    active: activeCount,
    completed: bookings.filter((b) => b.status === 'COMPLETED').length,
  })
  const deleteHintId = useId()

  async function run(action: () => Promise<void>, done: string) {
    setError(null)
    try {
      await action()
      announceChange(done, changeKey('slots', slot.id))
      return true
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'That did not work.')
      return false
    }
  }

  return (
    <div className="slot-controls">
      <p className="slot-controls__status">
        <span className={`badge state-${slot.state}`} data-testid="slot-state">
          {slotStateLabels[slot.state]}
        </span>{' '}
        {seatsTaken(providerSeatsUsed(slot, bookings), slot.maxBookings)}
        {slot.pending && <span className="badge badge--pending">{NOT_SENT_YET}</span>}
      </p>
      <ErrorNote error={error} />
      <div className="slot-controls__row">
        <CapacityForm
          key={slot.maxBookings}
          current={slot.maxBookings}
          minimum={Math.max(1, activeCount)}
          onSave={(value) => run(() => actions.setCapacity(slot.id, value), `Capacity set to ${value}.`)}
        />
        <BlockSlotButton
          blocked={slot.blocked}
          activeBookings={activeCount}
          onToggle={() =>
            run(
              () => actions.setBlocked(slot.id, !slot.blocked),
              slot.blocked ? 'Slot open for booking again.' : 'Slot blocked.',
            )
          }
        />
        {deletion === null ? (
          <ConfirmButton
            label="Delete slot"
            question="Delete this slot?"
            confirmLabel="Yes, delete"
            testId="delete-slot"
            safeFocus
            onConfirm={async () => {
              if (await run(() => actions.deleteSlot(slot.id), 'Slot deleted.')) onDeleted()
            }}
          />
        ) : (
          // The server refuses to delete a slot with active or completed bookings: offered, disabled, with why.
          <button
            type="button"
            className="button button--danger-ghost"
            disabled
            aria-describedby={deleteHintId}
            data-testid="delete-slot"
          >
            Delete slot
          </button>
        )}
      </div>
      {deletion && (
        <p className="field__hint" id={deleteHintId} data-testid="delete-slot-hint">
          {deleteHint(deletion, activeCount)}
        </p>
      )}
      <h3>Bookings</h3>
      <SlotBookingList bookings={bookings} notHeld={notHeld} zone={zone} onError={setError} />
      <SlotWaitlist entries={waitlist.filter((e) => e.slotId === slot.id)} zone={zone} />
    </div>
  )
}

function CapacityForm({
  current,
  minimum,
  onSave,
}: {
  current: number
  minimum: number
  onSave: (value: number) => Promise<boolean>
}) {
  const [value, setValue] = useState(String(current))
  const parsed = Number(value)
  const problem = capacityProblem(value, minimum)
  const hintId = useId()
  const problemId = useId()
  function submit(event: FormEvent) {
    event.preventDefault()
    if (!problem && parsed !== current) void onSave(parsed)
  }
  return (
    <form className="capacity-form" onSubmit={submit}>
      <label className="field field--inline">
        <span>Capacity</span>
        <input
          type="number"
          inputMode="numeric"
          min={minimum}
          max={MAX_CAPACITY}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
          aria-invalid={problem ? true : undefined}
          data-testid="capacity-input"
        />
      </label>
      <button
        type="submit"
        className="button button--ghost"
        disabled={problem !== null || parsed === current}
        data-testid="save-capacity"
      >
        Save
      </button>
      <small id={hintId} className="field__hint" data-testid="capacity-hint">
        {capacityHint(minimum)}
      </small>
      {problem && (
        <p id={problemId} className="note note--warning" role="alert" data-testid="capacity-problem">
          {problem}
        </p>
      )}
    </form>
  )
}
