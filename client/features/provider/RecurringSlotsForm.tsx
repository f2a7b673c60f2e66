import { tz } from '@date-fns/tz'
import { addWeeks, format } from 'date-fns'
import { useId, useMemo, useState } from 'react'
import { CreateRecurringSlotsBody, type Service } from '../../../shared/schemas.js'
import { expandWeeklyPattern, type PatternSlot } from '../../../shared/slotRules.js'
import { useProviderActions } from '../../data/index.js'
import { validationWords } from '../../data/validationWords.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { InputField } from '../../ui/Field.js'
import { firstPatternDay, patternProblems, splitStartTimes } from './patternProblems.js'
import { PlacementPreview } from './PlacementPreview.js'
import { patternCreatedText, type SlotBasics } from './slotBasics.js'
import { SlotBasicsFields } from './SlotBasicsFields.js'
import { usePlacementPlan } from './usePlacementPlan.js'
import { OFFLINE_SUFFIX } from '../sync/useChangeAnnouncer.js'
import { useSubmitSlots } from './useSubmitSlots.js'

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
const DEFAULT_START_TIMES = '09:00, 10:00'

interface RecurringSlotsFormProps {
  services: readonly Service[]
  /** Service, length and capacity: kept by the dialog, so switching between its modes keeps them. */
  basics: SlotBasics
  onBasicsChange: (basics: SlotBasics) => void
  providerId: string
  /** The provider's zone, in which the server expands the pattern (so DST does not shift it). */
  zone: string
  onCancel: () => void
  onCreated: (startTime: string) => void
}

/** The slots a valid pattern expands to; none while the form is not a valid pattern yet. */
function patternSlots(body: unknown, zone: string): PatternSlot[] {
  const parsed = CreateRecurringSlotsBody.safeParse(body)
  return parsed.success ? expandWeeklyPattern(parsed.data, zone) : []
}

/**
 * A weekly pattern (weekdays × start times) between two dates, with a preview of what will be
 * created and what skipped (past, overlapping, a time the clocks skip) before anything is sent.
 */
export function RecurringSlotsForm({
  services,
  basics,
  onBasicsChange,
  providerId,
  zone,
  onCancel,
  onCreated,
}: RecurringSlotsFormProps) {
  const { createRecurringSlots } = useProviderActions()
  const [startTimes, setStartTimes] = useState(DEFAULT_START_TIMES)
  const [fromDate, setFromDate] = useState(() => firstPatternDay(DEFAULT_START_TIMES, zone, new Date()))
  const [toDate, setToDate] = useState(() => format(addWeeks(new Date(), 4), 'yyyy-MM-dd', { in: tz(zone) }))
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5])

  const toggleDay = (day: number) =>
    setWeekdays((days) => (days.includes(day) ? days.filter((d) => d !== day) : [...days, day].sort()))

  const body = {
    serviceId: basics.serviceId,
    fromDate,
    toDate,
    weekdays,
    startTimes: splitStartTimes(startTimes),
    durationMinutes: basics.durationMinutes,
    maxBookings: basics.maxBookings,
  }
  const bodyKey = JSON.stringify(body)
  // biome-ignore lint/correctness/useExhaustiveDependencies: bodyKey stands for body (a new object each render)
  const candidates = useMemo(() => patternSlots(body, zone), [bodyKey, zone])
  const plan = usePlacementPlan(providerId, candidates)
  // A local time that happens twice that day (the clocks go back): the preview says which one is taken.
  const toCreate = new Set(plan.create.map((slot) => slot.startTime))
  const repeated = candidates.filter((slot) => slot.repeated && toCreate.has(slot.startTime))
  // Why nothing would be created, next to the field to change (the button is disabled meanwhile).
  const problems = patternProblems({ fromDate, toDate, weekdays, startTimes }, zone)
  const valid = Object.keys(problems).length === 0
  // Length or capacity out of range (the inputs' own limits): the schema's issues in words.
  const parsed = CreateRecurringSlotsBody.safeParse(body)
  const basicsProblem =
    valid && !parsed.success
      ? (validationWords(parsed.error.issues) ?? parsed.error.issues.map((i) => i.message).join('. '))
      : undefined
  const weekdaysProblem =
    problems.weekdays ??
    (parsed.success && candidates.length === 0
      ? 'None of the ticked weekdays falls between From and Until.'
      : undefined)
  const ids = useId()
  const problemId = (field: string) => `${ids}-${field}`
  const described = (field: string, problem: string | undefined) =>
    problem ? { 'aria-invalid': true, 'aria-describedby': problemId(field) } : {}
  const problemNote = (field: string, problem: string | undefined) =>
    problem && (
      <p className="note note--warning" id={problemId(field)} data-testid={`pattern-problem-${field}`}>
        {problem}
      </p>
    )
  const { busy, error, submit } = useSubmitSlots(
    CreateRecurringSlotsBody,
    async (pattern) => {
      const { created, skipped, queued } = await createRecurringSlots(pattern)
      const made = patternCreatedText(created, skipped)
      return {
        message: queued ? `${made} ${OFFLINE_SUFFIX}` : made,
        queued,
        firstStart: created > 0 ? (plan.create[0]?.startTime ?? pattern.fromDate) : null,
      }
    },
    onCreated,
  )

  return (
    <form className="form" onSubmit={(e) => submit(e, body)} data-testid="recurring-slots-form">
      <SlotBasicsFields services={services} value={basics} onChange={onBasicsChange} />
      {problemNote('basics', basicsProblem)}
      <div className="form__row">
        <InputField
          label="From"
          type="date"
          value={fromDate}
          onChange={(e) => setFromDate(e.target.value)}
          required
          {...described('from', problems.fromDate)}
        />
        <InputField
          label="Until (inclusive)"
          type="date"
          value={toDate}
          onChange={(e) => setToDate(e.target.value)}
          required
          {...described('to', problems.toDate)}
        />
      </div>
      {problemNote('from', problems.fromDate)}
      {problemNote('to', problems.toDate)}
      <fieldset className="weekdays" aria-describedby={weekdaysProblem ? problemId('weekdays') : undefined}>
        <legend>Repeat on</legend>
        {WEEKDAYS.map((name, i) => (
          <label key={name} className="weekdays__day">
            <input type="checkbox" checked={weekdays.includes(i + 1)} onChange={() => toggleDay(i + 1)} />
            {name}
          </label>
        ))}
      </fieldset>
      {problemNote('weekdays', weekdaysProblem)}
      <InputField
        label="Start times (HH:mm, separated by commas)"
        type="text"
        value={startTimes}
        onChange={(e) => setStartTimes(e.target.value)}
        inputMode="numeric"
        {...described('times', problems.startTimes)}
      />
      {problemNote('times', problems.startTimes)}
      <PlacementPreview plan={plan} zone={zone} repeated={repeated} />
      <FormFooter
        busy={busy}
        error={error}
        submitLabel="Create slots"
        busyLabel="Creating…"
        disabled={plan.create.length === 0}
        onCancel={onCancel}
        submitTestId="create-slots"
      />
    </form>
  )
}
