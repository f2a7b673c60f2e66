import { type ReactNode, useState } from 'react'
import type { SlotView, WaitlistEntryView } from '../../data/index.js'
import { useWaitlistActions } from '../../data/index.js'
import { seatsTaken } from '../../ui/seatText.js'
import { Dialog } from '../../ui/Dialog.js'
import { SlotSummary } from '../../ui/SlotSummary.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { useCustomerChangeToasts } from '../bookings/useChangeToast.js'

interface WaitlistDialogProps {
  slot: SlotView | null
  /** The customer's entry on this slot, if any. */
  entry: WaitlistEntryView | undefined
  zone: string
  onClose: () => void
}

/** A full slot: join its waitlist (online or offline), or see your place and leave. */
export function WaitlistDialog({ slot, entry, zone, onClose }: WaitlistDialogProps) {
  return (
    <Dialog open={slot !== null} title="This slot is full" onClose={onClose} testId="waitlist-dialog">
      {slot && (
        <>
          <SlotSummary slot={slot} zone={zone} />
          <WaitlistForm slot={slot} entry={entry} onDone={onClose} />
        </>
      )}
    </Dialog>
  )
}

/**
 * Join a full slot's waitlist, or see your place and leave: in this dialog, and in the booking dialog
 * when the slot fills while it is open (`lead` then says so, before why it cannot be booked).
 */
export function WaitlistForm({
  slot,
  entry,
  lead,
  onDone,
}: {
  slot: SlotView
  entry: WaitlistEntryView | undefined
  lead?: ReactNode
  onDone: () => void
}) {
  const { join, leave } = useWaitlistActions()
  const changeToasts = useCustomerChangeToasts()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const waiting = entry?.status === 'WAITING'

  /** `told`: the toast once the local write is done. */
  async function run<T>(action: () => Promise<T>, told: (result: T) => void) {
    setBusy(true)
    setError(null)
    try {
      told(await action())
      onDone()
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'That did not work.')
      setBusy(false)
    }
  }

  return (
    <div className="form">
      {lead}
      {waiting ? (
        <p className="note" data-testid="waitlist-dialog-position">
          {entry.position === null
            ? 'You are on the waitlist (your place is confirmed when this device syncs).'
            : `You are #${entry.position} on the waitlist.`}{' '}
          When a seat frees, it is booked for you automatically.
        </p>
      ) : (
        <p className="note" data-testid="slot-full-note">
          All seats are taken ({seatsTaken(slot.displayedBookings, slot.maxBookings)}), so this slot cannot be
          booked now. Join the waitlist: when a seat frees, the first person waiting gets it automatically.
          Works offline too; if a seat is free by the time your device syncs, you get it straight away.
        </p>
      )}
      <ErrorNote error={error} />
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={onDone} disabled={busy}>
          Close
        </button>
        {waiting ? (
          <button
            type="button"
            className="button button--danger-ghost"
            disabled={busy}
            onClick={() =>
              run(
                () => leave(entry.id),
                () => changeToasts.leftWaitlist(entry.id),
              )
            }
            data-testid="leave-waitlist"
          >
            Leave waitlist
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => run(() => join(slot.id), changeToasts.joinedWaitlist)}
            data-testid="join-waitlist"
          >
            Join waitlist
          </button>
        )}
      </div>
    </div>
  )
}
