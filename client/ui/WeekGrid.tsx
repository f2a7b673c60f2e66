import type { ReactNode } from 'react'
import { dayKey, formatDay, type Week } from './calendarTime.js'

interface WeekGridProps<T> {
  week: Week
  zone: string
  items: readonly T[]
  /** The instant that places an item on a day. */
  startOf: (item: T) => string
  renderItem: (item: T) => ReactNode
  itemKey: (item: T) => string
  now: Date
}

/**
 * Seven day columns (Monday first) holding items sorted by time; on narrow screens the columns
 * stack so each day reads as a list.
 */
export function WeekGrid<T>({ week, zone, items, startOf, renderItem, itemKey, now }: WeekGridProps<T>) {
  const byDay = new Map<string, T[]>()
  for (const item of [...items].sort((a, b) => startOf(a).localeCompare(startOf(b)))) {
    const key = dayKey(startOf(item), zone)
    byDay.set(key, [...(byDay.get(key) ?? []), item])
  }
  const today = dayKey(now, zone)
  // Days before today are hidden on phones (CSS), unless the whole week is over.
  const weekIsOver = dayKey(week.days[6] ?? week.start, zone) < today
  return (
    <div className="week-grid" data-testid="week-grid">
      {week.days.map((day) => {
        const key = dayKey(day, zone)
        const dayItems = byDay.get(key) ?? []
        return (
          <section
            key={key}
            className={`week-grid__day${key === today ? ' week-grid__day--today' : ''}${key < today && !weekIsOver ? ' week-grid__day--past' : ''}`}
            aria-label={formatDay(day, zone)}
          >
            <h3 className="week-grid__heading">
              {formatDay(day, zone)}
              {key === today && <span className="week-grid__today">Today</span>}
            </h3>
            {dayItems.length === 0 ? (
              <p className="week-grid__none">No slots</p>
            ) : (
              <ul className="week-grid__items">
                {dayItems.map((item) => (
                  <li key={itemKey(item)}>{renderItem(item)}</li>
                ))}
              </ul>
            )}
          </section>
        )
      })}
    </div>
  )
}
