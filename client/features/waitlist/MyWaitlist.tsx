import type { SlotView, WaitlistEntryView } from '../../data/index.js'
import { useWaitlistActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime, formatTime } from '../../ui/calendarTime.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { useCustomerChangeToasts } from '../bookings/useChangeToast.js'

/**
 * My bookings' "Waitlist": the full slots the customer waits for, each with their place in the queue
 * and a way to leave it. Read from the replicated waitlist collection and left as a local write, like
 * the slot card's waitlist dialog, so it works offline too.
 */
export function MyWaitlist({
  entries,
  slots,
  zone,
}: {
  /** The customer's waiting entries (waitingPlaces). */
  entries: readonly WaitlistEntryView[]
  /** The slots this device holds, for names and end times. */
  slots: ReadonlyMap<string, SlotView>
  zone: string
}) {
  const { leave } = useWaitlistActions()
  const announce = useAnnounce()
  const changeToasts = useCustomerChangeToasts()
  if (entries.length === 0) return null

  async function leaveEntry(entry: WaitlistEntryView) {
    try {
      await leave(entry.id)
      changeToasts.leftWaitlist(entry.id)
    } catch (cause) {
      announce(cause instanceof Error ? cause.message : 'You could not leave the waitlist.')
    }
  }

  return (
    <section className="booking-section" aria-label="Waitlist" data-testid="my-waitlist">
      <h2>Waitlist</h2>
      <p className="field__hint">
        When a seat frees, it is booked for the first person waiting automatically.
      </p>
      <ul className="booking-list">
        {entries.map((entry) => {
          const slot = slots.get(entry.slotId)
          const title = slot ? `${slot.serviceName} with ${slot.providerName}` : 'A full slot'
          const when = formatLongDateTime(entry.startTime, zone)
          const place =
            entry.position === null
              ? 'On the waitlist: your place is confirmed when this device syncs'
              : `You are #${entry.position} on the waitlist`
          return (
            <li key={entry.id}>
              <article
                className="booking-card"
                aria-label={`${title}, ${when}, ${place}`}
                data-testid="my-waitlist-entry"
                data-entry-id={entry.id}
                data-slot-id={entry.slotId}
              >
                <div className="booking-card__main">
                  <h3 className="booking-card__title">{title}</h3>
                  <p className="booking-card__when">
                    {when}
                    {slot && `–${formatTime(slot.endTime, zone)}`}
                  </p>
                  <p data-testid="my-waitlist-position" data-position={entry.position ?? ''}>
                    <strong>{place}</strong>
                  </p>
                </div>
                <div className="booking-card__side">
                  <ConfirmButton
                    label="Leave waitlist"
                    question="Leave this waitlist?"
                    confirmLabel="Yes, leave"
                    onConfirm={() => void leaveEntry(entry)}
                    testId="leave-waitlist"
                  />
                </div>
              </article>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
