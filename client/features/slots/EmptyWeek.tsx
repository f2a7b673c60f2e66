import { addDays } from 'date-fns'
import { useMemo } from 'react'
import type { SlotView } from '../../data/index.js'
import { useSlots } from '../../data/index.js'
import { Empty } from '../../ui/DataState.js'
import { formatDay, utcIso } from '../../ui/calendarTime.js'
import { emptyWeekAdvice, emptyWeekTitle, laterSlots } from './emptyWeekText.js'
import { NEXT_AVAILABLE_DAYS } from './NextAvailableButton.js'
import { useSlotsOnDevice } from './slotsOnDevice.js'

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
  // Offline, weeks past the device's stored copy, or an organisation it never synced, are not known:
  // no "nothing published" then.
  const onDevice = useSlotsOnDevice(range.to)
  const later = laterSlots(slots.loading || slots.error ? null : slots.data, matches, onDevice)
  return (
    <Empty title={emptyWeekTitle(later)}>
      <p data-testid="empty-week-advice">
        {emptyWeekAdvice(otherSlotsThisWeek, later, (slot) => formatDay(slot.startTime, zone))}
      </p>
    </Empty>
  )
}
