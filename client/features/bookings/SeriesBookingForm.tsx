import { type FormEvent, useState } from 'react'
import {
  MAX_SERIES_OCCURRENCES,
  type BookingSeries,
  type SeriesMode,
} from '../../../shared/bookingOperations.js'
import type { QueuedSeries, SlotView } from '../../data/index.js'
import { useSeriesActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { OutcomeList } from '../../ui/OutcomeList.js'
import { useBrowserOnline } from '../sync/useBrowserOnline.js'
import './bookingOperations.css'

const MODES: { mode: SeriesMode; label: string; hint: string }[] = [
  {
    mode: 'BOOK_WHAT_IS_FREE',
    label: 'Book what is free',
    hint: 'Weeks that are full or blocked are skipped.',
  },
  { mode: 'ALL_OR_NOTHING', label: 'All or nothing', hint: 'If any week cannot be booked, none is.' },
]

/**
 * Book this slot's time every week (same provider and service): for a number of weeks or until a
 * date, in one of two modes. The series is kept on the device and sent as one request, at once when
 * online, else when the device reconnects; the server answers with an outcome per week
 * (QueuedSeriesStatus shows the series while it waits, then that answer).
 */
export function SeriesBookingForm({
  slot,
  onQueued,
  onDone,
}: {
  slot: SlotView
  /** The series is on the device; the dialog follows it (even once this slot reads as booked). */
  onQueued: (series: QueuedSeries) => void
  onDone: () => void
}) {
  const { queueSeries } = useSeriesActions()
  const online = useBrowserOnline()
  const announce = useAnnounce()
  const [by, setBy] = useState<'weeks' | 'until'>('weeks')
  const [weeks, setWeeks] = useState(4)
  const [until, setUntil] = useState('')
  const [mode, setMode] = useState<SeriesMode>('BOOK_WHAT_IS_FREE')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const series = await queueSeries({
        firstSlotId: slot.id,
        mode,
        notes: '',
        ...(by === 'weeks' ? { weeks } : { until }),
      })
      onQueued(series)
      if (!online)
        announce(
          `${series.planned.length} weeks saved on this device. They are sent when you are back online.`,
        )
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The series could not be booked.')
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={submit} data-testid="series-form">
      <fieldset className="choice-list">
        <legend>Repeat</legend>
        <label className="choice">
          <input type="radio" name="series-by" checked={by === 'weeks'} onChange={() => setBy('weeks')} />
          For
          <input
            type="number"
            min={1}
            max={MAX_SERIES_OCCURRENCES}
            value={weeks}
            onChange={(e) => setWeeks(Number(e.target.value))}
            aria-label="Number of weeks"
            data-testid="series-weeks"
          />
          weeks
        </label>
        <label className="choice">
          <input type="radio" name="series-by" checked={by === 'until'} onChange={() => setBy('until')} />
          Until
          <input
            type="date"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            aria-label="Last date"
            data-testid="series-until"
          />
        </label>
      </fieldset>
      <fieldset className="choice-list">
        <legend>If some weeks cannot be booked</legend>
        {MODES.map((option) => (
          <label key={option.mode} className="choice">
            <input
              type="radio"
              name="series-mode"
              checked={mode === option.mode}
              onChange={() => setMode(option.mode)}
              data-testid={`series-mode-${option.mode}`}
            />
            <span>
              <strong>{option.label}</strong> — {option.hint}
            </span>
          </label>
        ))}
      </fieldset>
      <FormFooter
        error={error}
        submitLabel="Book every week"
        busyLabel="Booking…"
        busy={busy}
        disabled={by === 'weeks' ? !(weeks >= 1 && weeks <= MAX_SERIES_OCCURRENCES) : until === ''}
        onCancel={onDone}
        submitTestId="confirm-series"
      />
      <p className="field__hint">
        Works offline: the weeks are kept on this device and booked together when you are back online.
      </p>
    </form>
  )
}

/** One line per week: booked, or why not. */
export function SeriesResult({ series, zone }: { series: BookingSeries; zone: string }) {
  return (
    <OutcomeList
      title={`${series.booked} of ${series.occurrences.length} weeks booked`}
      testId="series-outcome"
      lines={series.occurrences.map((o) => ({
        key: String(o.index),
        label: formatLongDateTime(o.startTime, zone),
        ok: o.ok,
        message: o.message,
      }))}
    />
  )
}
