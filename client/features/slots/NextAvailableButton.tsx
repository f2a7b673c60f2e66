import { addDays } from 'date-fns'
import { useMemo } from 'react'
import type { SlotView } from '../../data/index.js'
import { useSlots } from '../../data/index.js'
import { utcIso } from '../../ui/calendarTime.js'
import { useWhenIdle } from '../../ui/useWhenIdle.js'
import { useSlotsOnDevice } from './slotsOnDevice.js'

/** How far ahead "next available" looks (and an empty week's advice, EmptyWeek). */
export const NEXT_AVAILABLE_DAYS = 90

interface NextAvailableButtonProps {
  now: Date
  /** The first instant of the week on screen: a slot before it is behind the viewer, not next. */
  shownWeekStart: Date
  /** Which slots count (the page's provider and service filter). */
  matches: (slot: SlotView) => boolean
  onJump: (slot: SlotView) => void
}

/**
 * The button's words: "Next available ›" jumps forward; from a later week with nothing after it, the
 * earliest bookable slot lies behind, and "‹ First available" says so (a walk clicked "Next available ›"
 * on an empty December week and was taken back to November). "Nothing free soon" only when the search
 * is over and the device could know (`searching`: still reading, or offline without the slots).
 */
export function jumpLabel(
  next: Pick<SlotView, 'startTime'> | undefined,
  shownWeekStart: Date,
  searching: boolean,
): string {
  if (next)
    return Date.parse(next.startTime) < shownWeekStart.getTime() ? '‹ First available' : 'Next available ›'
  return searching ? 'Next available ›' : 'Nothing free soon'
}

/**
 * Jumps to the earliest slot that can still be booked, whichever week it is in. Its 90 days of slots
 * are read once the week is on screen (the browser's first idle moment), not during the first paint.
 */
export function NextAvailableButton(props: NextAvailableButtonProps) {
  return useWhenIdle() ? (
    <NextAvailableSearch {...props} />
  ) : (
    <JumpButton next={undefined} searching shownWeekStart={props.shownWeekStart} />
  )
}

function NextAvailableSearch({ now, shownWeekStart, matches, onJump }: NextAvailableButtonProps) {
  const range = useMemo(() => ({ from: utcIso(now), to: utcIso(addDays(now, NEXT_AVAILABLE_DAYS)) }), [now])
  const slots = useSlots(range)
  // Offline in an organisation never synced, or past the stored copy: none found is not "none free".
  const known = useSlotsOnDevice(range.to) === 'known'
  const next = [...slots.data]
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
    .find((slot) => slot.state === 'available' && matches(slot))
  return (
    <JumpButton
      next={next}
      searching={slots.loading || !known}
      shownWeekStart={shownWeekStart}
      onJump={onJump}
    />
  )
}

/** Disabled until a bookable slot is known; says "Nothing free soon" only once the search found none. */
function JumpButton({
  next,
  searching,
  shownWeekStart,
  onJump,
}: {
  next: SlotView | undefined
  searching: boolean
  shownWeekStart: Date
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
      {jumpLabel(next, shownWeekStart, searching)}
    </button>
  )
}
