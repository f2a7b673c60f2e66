import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { blockQuestion } from './blockingText.js'

/**
 * Block or unblock a slot. Blocking one that holds active bookings asks first, saying how many and
 * what blocking does to them (nothing: it only stops new bookings).
 */
export function BlockSlotButton({
  blocked,
  activeBookings,
  onToggle,
}: {
  blocked: boolean
  activeBookings: number
  onToggle: () => void
}) {
  if (!blocked && activeBookings > 0) {
    return (
      <ConfirmButton
        label="Block slot"
        question={blockQuestion(activeBookings)}
        confirmLabel="Yes, block"
        onConfirm={onToggle}
        testId="toggle-block"
      />
    )
  }
  return (
    <button
      type="button"
      className={`button ${blocked ? 'button--primary' : 'button--warning'}`}
      aria-pressed={blocked}
      onClick={onToggle}
      data-testid="toggle-block"
    >
      {blocked ? 'Unblock slot' : 'Block slot'}
    </button>
  )
}
