import { addDays } from 'date-fns'
import { useMemo } from 'react'
import type { SlotView } from '../../data/index.js'
import { useBeyondStoredCopy, useSlots, useSyncStatus } from '../../data/index.js'
import { Empty } from '../../ui/DataState.js'
import { formatDay, utcIso } from '../../ui/calendarTime.js'
import { emptyWeekAdvice, laterSlots } from './emptyWeekText.js'
import { NEXT_AVAILABLE_DAYS } from './NextAvailableButton.js'

/**
 * "No slots this week", with advice that is true: the filters when the week has other slots, else what
 * the device finds after the week (as far as "Next available" looks).
 */
export function EmptyWeek({
  weekEnd,
  otherSlotsThisWeek,
  matches,
  zone,
}: {
  /** The end of the shown week (an instant). */
  weekEnd: string
  otherSlotsThisWeek: boolean
  matches: (slot: SlotView) => boolean
  zone: string
}) {
  const range = useMemo(
    () => ({ from: weekEnd, to: utcIso(addDays(new Date(weekEnd), NEXT_AVAILABLE_DAYS)) }),
    [weekEnd],
  )
  const slots = useSlots(range)
  // Offline, weeks past the device's stored copy are not known: no "nothing published" then.
  const beyondStored = useBeyondStoredCopy(range.to)
  const { online, connecting } = useSyncStatus()
  const unknowable = beyondStored && !online && !connecting
  const later = laterSlots(slots.loading || slots.error || unknowable ? null : slots.data, matches)
  return (
    <Empty title="No slots this week">
      <p data-testid="empty-week-advice">
        {emptyWeekAdvice(otherSlotsThisWeek, later, (slot) => formatDay(slot.startTime, zone))}
      </p>
    </Empty>
  )
}
