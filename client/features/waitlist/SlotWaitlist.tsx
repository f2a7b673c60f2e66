import type { WaitlistEntryView } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'

/** The provider's view of one slot's queue, in the order seats will be handed out. */
export function SlotWaitlist({ entries, zone }: { entries: readonly WaitlistEntryView[]; zone: string }) {
  const waiting = entries.filter((e) => e.status === 'WAITING')
  if (waiting.length === 0) return null
  return (
    <section className="slot-waitlist" aria-label="Waitlist">
      <h3>Waitlist ({waiting.length})</h3>
      <ol className="slot-waitlist__list" data-testid="slot-waitlist">
        {waiting.map((entry) => (
          <li key={entry.id} data-testid="slot-waitlist-entry">
            <strong>{entry.customerName || 'A customer'}</strong>{' '}
            <span className="muted">· joined {formatLongDateTime(entry.joinedAt, zone)}</span>
          </li>
        ))}
      </ol>
      <p className="field__hint">A freed seat goes to the first person on this list automatically.</p>
    </section>
  )
}
