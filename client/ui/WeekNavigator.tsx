import { formatWeekRange, type Week, zoneLabel } from './calendarTime.js'

interface WeekNavigatorProps {
  week: Week
  zone: string
  onShift: (weeks: number) => void
  onToday: () => void
}

/** Previous / this / next week, the week's dates, and the time zone every time on the page is in. */
export function WeekNavigator({ week, zone, onShift, onToday }: WeekNavigatorProps) {
  return (
    <div className="week-nav">
      <div className="week-nav__buttons">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => onShift(-1)}
          aria-label="Previous week"
        >
          ‹ Prev
        </button>
        <button type="button" className="button button--ghost" onClick={onToday}>
          This week
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => onShift(1)}
          aria-label="Next week"
        >
          Next ›
        </button>
      </div>
      <h2 className="week-nav__range" aria-live="polite" data-testid="week-range">
        {formatWeekRange(week, zone)}
      </h2>
      <p className="week-nav__zone" data-testid="time-zone">
        Times in <strong>{zoneLabel(zone, week.start, week.end)}</strong>
      </p>
    </div>
  )
}
