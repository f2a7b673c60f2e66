import { addDays } from 'date-fns'
import { useMemo } from 'react'
import type { SlotView } from '../../data/index.js'
import { useSlots } from '../../data/index.js'
import { utcIso } from '../../ui/calendarTime.js'
import { useWhenIdle } from '../../ui/useWhenIdle.js'

/** How far ahead "next available" looks (and an empty week's advice, EmptyWeek). */
export const NEXT_AVAILABLE_DAYS = 90

interface NextAvailableButtonProps {
  now: Date
  /** Which slots count (the page's provider and service filter). */
  matches: (slot: SlotView) => boolean
  onJump: (slot: SlotView) => void
}

/**
 * Jumps to the earliest slot that can still be booked, whichever week it is in. Its 90 days of slots
 * are read once the week is on screen (the browser's first idle moment), not during the first paint.
 */
export function NextAvailableButton(props: NextAvailableButtonProps) {
  return useWhenIdle() ? <NextAvailableSearch {...props} /> : <JumpButton next={undefined} searching />
}

function NextAvailableSearch({ now, matches, onJump }: NextAvailableButtonProps) {
  const range = useMemo(() => ({ from: utcIso(now), to: utcIso(addDays(now, NEXT_AVAILABLE_DAYS)) }), [now])
  const slots = useSlots(range)
  const next = [...slots.data]
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
    .find((slot) => slot.state === 'available' && matches(slot))
  return <JumpButton next={next} searching={slots.loading} onJump={onJump} />
}

/** Disabled until a bookable slot is known; says "Nothing free soon" only once the search found none. */
function JumpButton({
  next,
  searching,
  onJump,
}: {
  next: SlotView | undefined
  searching: boolean
  onJump?: (slot: SlotView) => void
}) {
  return (
    <button
      type="button"
      className="button button--ghost"
      disabled={!next}
      onClick={() => next && onJump?.(next)}
      data-testid="next-available"
    >
      {next || searching ? 'Next available ›' : 'Nothing free soon'}
    </button>
  )
}
