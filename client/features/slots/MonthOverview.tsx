import { TZDate } from '@date-fns/tz'
import { addMonths, startOfMonth } from 'date-fns'
import { useMemo, useState } from 'react'
import { DayPicker } from 'react-day-picker'
import 'react-day-picker/style.css'
import type { SlotView } from '../../data/index.js'
import { useSlots } from '../../data/index.js'
import { dayKey, utcIso } from '../../ui/calendarTime.js'

interface MonthOverviewProps {
  zone: string
  now: Date
  /** The week on screen: the month that opens first. */
  shownWeekStart: Date
  /** Which slots count (the page's provider and service filter). */
  matches: (slot: SlotView) => boolean
  onPick: (day: string) => void
}

/**
 * A month at a glance (react-day-picker): days with a seat still free are marked, past days cannot be
 * picked, and picking a day opens its week. Days are those of the viewer's zone.
 */
export default function MonthOverview({ zone, now, shownWeekStart, matches, onPick }: MonthOverviewProps) {
  const [month, setMonth] = useState<Date>(() => startOfMonth(new TZDate(shownWeekStart, zone)))
  // The month's days plus the outside days the grid shows before and after it.
  const range = useMemo(
    () => ({ from: utcIso(addMonths(month, -1)), to: utcIso(addMonths(month, 2)) }),
    [month],
  )
  const slots = useSlots(range)
  const freeDays = useMemo(() => {
    const days = new Set<string>()
    for (const slot of slots.data) {
      if (slot.state === 'available' && matches(slot)) days.add(dayKey(slot.startTime, zone))
    }
    return days
  }, [slots.data, matches, zone])
  const today = dayKey(now, zone)

  return (
    <div className="month-overview" data-testid="month-overview">
      <DayPicker
        mode="single"
        timeZone={zone}
        weekStartsOn={1}
        month={month}
        onMonthChange={setMonth}
        startMonth={startOfMonth(new TZDate(now, zone))}
        showOutsideDays
        disabled={(day) => dayKey(day, zone) < today}
        modifiers={{ free: (day) => freeDays.has(dayKey(day, zone)) }}
        modifiersClassNames={{ free: 'month-overview__free' }}
        onSelect={(day) => day && onPick(dayKey(day, zone))}
        footer={
          <p className="muted month-overview__legend">
            <span className="month-overview__dot" aria-hidden="true" /> a seat is free that day
          </p>
        }
      />
    </div>
  )
}
