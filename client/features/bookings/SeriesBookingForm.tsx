import { type FormEvent, useId, useState } from 'react'
import {
  MAX_SERIES_OCCURRENCES,
  type BookingSeries,
  type SeriesMode,
} from '../../../shared/bookingOperations.js'
import type { QueuedSeries, SlotView } from '../../data/index.js'
import { useSeriesActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { dayKey, formatLongDateTime } from '../../ui/calendarTime.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { NotesField } from '../../ui/NotesField.js'
import { OutcomeList } from '../../ui/OutcomeList.js'
import { useBrowserOnline } from '../sync/useBrowserOnline.js'
import { defaultSeriesWeeks } from './publishedWeeks.js'
import {
  publishedWeeksText,
  seriesSavedOfflineWords,
  untilProblem,
  untilWords,
  weekNotBookedReason,
  weeksFromText,
  weeksRange,
} from './seriesText.js'
import { usePublishedWeeks } from './usePublishedWeeks.js'
import { useSeriesOutcome } from './useSeriesOutcome.js'
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
 * date, in one of two modes, with one note for every week. The series is kept on the device and sent
 * as one request, at once when online, else when the device reconnects; the server answers with an
 * outcome per week (QueuedSeriesStatus shows the series while it waits, then that answer).
 *
 * It offers as many weeks as the provider has published of this time (usePublishedWeeks.ts), says how
 * many sessions that is, and starts at four weeks or fewer when fewer are published.
 *
 * The form checks what it can before sending (seriesText.ts): a number of weeks outside that range and an end
 * date before the first session are said next to their field, and only the chosen way of repeating
 * counts. It validates itself (noValidate): the browser's own bubble would otherwise block an "until"
 * series over the weeks field it no longer reads.
 */
export function SeriesBookingForm({
  slot,
  zone,
  notes,
  onNotesChange,
  onQueued,
  onDone,
}: {
  slot: SlotView
  zone: string
  /** The note for the provider, kept by the dialog when the customer switches between once and weekly. */
  notes: string
  onNotesChange: (notes: string) => void
  /** The series is on the device; the dialog follows it (even once this slot reads as booked). */
  onQueued: (series: QueuedSeries) => void
  onDone: () => void
}) {
  const { queueSeries } = useSeriesActions()
  const online = useBrowserOnline()
  const announce = useAnnounce()
  const weeksHintId = useId()
  const untilHintId = useId()
  const publishedId = useId()
  const [by, setBy] = useState<'weeks' | 'until'>('weeks')
  const published = usePublishedWeeks(slot)
  const maxWeeks = published?.weeks ?? MAX_SERIES_OCCURRENCES
  // Until the customer types a number, the suggestion follows what is published.
  const [typedWeeks, setWeeksText] = useState<string | null>(null)
  const weeksText = typedWeeks ?? (published ? String(defaultSeriesWeeks(published)) : '')
  const [until, setUntil] = useState('')
  const [mode, setMode] = useState<SeriesMode>('BOOK_WHAT_IS_FREE')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const weeks = weeksFromText(weeksText, maxWeeks)
  // The first session's day as the customer reads it: an end date before it books nothing.
  const firstDay = dayKey(slot.startTime, zone)
  const weeksInvalid = by === 'weeks' && published !== null && weeks === null
  const untilError = by === 'until' ? untilProblem(until, firstDay) : null
  const ready = by === 'weeks' ? weeks !== null : until !== '' && untilError === null

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!ready || busy) return
    setBusy(true)
    setError(null)
    try {
      const series = await queueSeries({
        firstSlotId: slot.id,
        mode,
        notes: notes.trim(),
        ...(by === 'weeks' && weeks !== null ? { weeks } : { until }),
      })
      onQueued(series)
      if (!online) announce(seriesSavedOfflineWords(series.planned.length))
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The series could not be booked.')
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="series-form">
      <fieldset className="choice-list">
        <legend>Repeat</legend>
        <label className="choice">
          <input
            type="radio"
            name="series-by"
            checked={by === 'weeks'}
            onChange={() => setBy('weeks')}
            data-testid="series-by-weeks"
          />
          For
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={maxWeeks}
            step={1}
            value={weeksText}
            onChange={(e) => setWeeksText(e.target.value)}
            onFocus={() => setBy('weeks')}
            aria-label="Number of weeks"
            aria-invalid={weeksInvalid}
            aria-describedby={`${weeksHintId} ${publishedId}`}
            data-testid="series-weeks"
          />
          weeks
        </label>
        <small
          id={weeksHintId}
          className={`field__hint${weeksInvalid ? ' field__hint--error' : ''}`}
          data-testid="series-weeks-hint"
        >
          {weeksInvalid ? `Enter a whole number of weeks: ${weeksRange(maxWeeks)}.` : weeksRange(maxWeeks)}
        </small>
        {/* Always there, so the rows below do not move when the weeks are found (a click aimed at a
            mode could land on "Until"). */}
        <small
          id={publishedId}
          className="field__hint"
          data-testid="series-published"
          data-state={published ? 'found' : 'looking'}
        >
          {published ? publishedWeeksText(published, zone) : 'Looking for the weeks published of this time…'}
        </small>
        <label className="choice">
          <input
            type="radio"
            name="series-by"
            checked={by === 'until'}
            onChange={() => setBy('until')}
            data-testid="series-by-until"
          />
          Until
          <input
            type="date"
            min={firstDay}
            max={published ? dayKey(published.lastStart, zone) : undefined}
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            onFocus={() => setBy('until')}
            aria-label="Last date"
            aria-invalid={untilError !== null}
            aria-describedby={untilError ? untilHintId : undefined}
            data-testid="series-until"
          />
        </label>
        {by === 'until' && untilWords(until) && (
          <small className="field__hint" data-testid="series-until-words">
            {untilWords(until)}
          </small>
        )}
        {untilError && (
          <small
            id={untilHintId}
            className="field__hint field__hint--error"
            role="alert"
            data-testid="series-until-error"
          >
            {untilError}
          </small>
        )}
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
      <NotesField
        value={notes}
        onChange={onNotesChange}
        label="Notes for the provider (optional, on every week)"
      />
      <FormFooter
        error={error}
        submitLabel="Book every week"
        busyLabel="Booking…"
        busy={busy}
        disabled={!ready}
        onCancel={onDone}
        cancelLabel="Close"
        submitTestId="confirm-series"
      />
      <p className="field__hint">
        Works offline: the weeks are kept on this device and booked together when you are back online.
      </p>
    </form>
  )
}

/**
 * One line per week: booked (or requested, while the provider has to confirm it), or why not; a week
 * cancelled or declined since says so.
 */
export function SeriesResult({ series, zone }: { series: BookingSeries; zone: string }) {
  const { title, weeks, since } = useSeriesOutcome(series)
  return (
    <OutcomeList
      title={title}
      testId="series-outcome"
      words={weeks}
      lines={series.occurrences.map((o) => ({
        key: String(o.index),
        label: formatLongDateTime(o.startTime, zone),
        ok: o.ok,
        message: weekNotBookedReason(o),
        since: since.get(o.index),
      }))}
    />
  )
}
