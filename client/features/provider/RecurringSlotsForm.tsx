import { tz } from '@date-fns/tz'
import { addWeeks, format } from 'date-fns'
import { useState } from 'react'
import { CreateRecurringSlotsBody, type Service } from '../../../shared/schemas.js'
import { useProviderActions } from '../../data/index.js'
import { dayKey, zoneLabel } from '../../ui/calendarTime.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { InputField } from '../../ui/Field.js'
import { initialBasics, SlotBasicsFields } from './SlotBasicsFields.js'
import { useSubmitSlots } from './useSubmitSlots.js'

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

/**
 * A weekly pattern (weekdays × start times) between two dates. Times are the provider's own
 * wall-clock times: the server expands them in the provider's zone, so DST does not shift them.
 */
export function RecurringSlotsForm({
  services,
  providerTimeZone,
  onDone,
}: {
  services: readonly Service[]
  providerTimeZone: string
  onDone: () => void
}) {
  const { createRecurringSlots } = useProviderActions()
  const [basics, setBasics] = useState(() => initialBasics(services))
  const [fromDate, setFromDate] = useState(() => dayKey(new Date(), providerTimeZone))
  const [toDate, setToDate] = useState(() =>
    format(addWeeks(new Date(), 4), 'yyyy-MM-dd', { in: tz(providerTimeZone) }),
  )
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5])
  const [startTimes, setStartTimes] = useState('09:00, 10:00')
  const { busy, error, submit } = useSubmitSlots(
    CreateRecurringSlotsBody,
    async (body) => {
      const { created } = await createRecurringSlots(body)
      return `${created} ${created === 1 ? 'slot' : 'slots'} created.`
    },
    onDone,
  )

  const toggleDay = (day: number) =>
    setWeekdays((days) => (days.includes(day) ? days.filter((d) => d !== day) : [...days, day].sort()))

  const body = {
    serviceId: basics.serviceId,
    fromDate,
    toDate,
    weekdays,
    startTimes: startTimes
      .split(/[\s,]+/)
      .map((t) => t.trim())
      .filter(Boolean),
    durationMinutes: basics.durationMinutes,
    maxBookings: basics.maxBookings,
  }

  return (
    <form className="form" onSubmit={(e) => submit(e, body)} data-testid="recurring-slots-form">
      <SlotBasicsFields services={services} value={basics} onChange={setBasics} />
      <div className="form__row">
        <InputField
          label="From"
          type="date"
          value={fromDate}
          onChange={(e) => setFromDate(e.target.value)}
          required
        />
        <InputField
          label="Until (inclusive)"
          type="date"
          value={toDate}
          onChange={(e) => setToDate(e.target.value)}
          required
        />
      </div>
      <fieldset className="weekdays">
        <legend>Repeat on</legend>
        {WEEKDAYS.map((name, i) => (
          <label key={name} className="weekdays__day">
            <input type="checkbox" checked={weekdays.includes(i + 1)} onChange={() => toggleDay(i + 1)} />
            {name}
          </label>
        ))}
      </fieldset>
      <InputField
        label="Start times (HH:mm, separated by commas)"
        type="text"
        value={startTimes}
        onChange={(e) => setStartTimes(e.target.value)}
        inputMode="numeric"
      />
      <p className="field__hint">Times in your time zone, {zoneLabel(providerTimeZone, new Date())}.</p>
      <FormFooter
        busy={busy}
        error={error}
        submitLabel="Create slots"
        busyLabel="Creating…"
        onCancel={onDone}
        submitTestId="create-slots"
      />
    </form>
  )
}
