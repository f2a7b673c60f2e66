import { addMinutes } from 'date-fns'
import { useState } from 'react'
import { CreateSlotBody, type Service } from '../../../shared/schemas.js'
import { useProviderActions } from '../../data/index.js'
import { dayKey, parseLocalDateTime, utcIso, zoneLabel } from '../../ui/calendarTime.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { InputField } from '../../ui/Field.js'
import { initialBasics, SlotBasicsFields } from './SlotBasicsFields.js'
import { useSubmitSlots } from './useSubmitSlots.js'

/** One slot on a date and time read in the viewer's time zone. */
export function SingleSlotForm({
  services,
  zone,
  onDone,
}: {
  services: readonly Service[]
  zone: string
  onDone: () => void
}) {
  const { createSlot } = useProviderActions()
  const [basics, setBasics] = useState(() => initialBasics(services))
  const [day, setDay] = useState(() => dayKey(new Date(), zone))
  const [time, setTime] = useState('09:00')
  const { busy, error, submit } = useSubmitSlots(
    CreateSlotBody,
    async (body) => {
      await createSlot(body)
      return 'Slot created.'
    },
    onDone,
  )

  function body() {
    const start = parseLocalDateTime(day, time, zone)
    if (!start) return {}
    return {
      serviceId: basics.serviceId,
      startTime: utcIso(start),
      endTime: utcIso(addMinutes(start, basics.durationMinutes)),
      maxBookings: basics.maxBookings,
    }
  }

  return (
    <form className="form" onSubmit={(e) => submit(e, body())} data-testid="single-slot-form">
      <SlotBasicsFields services={services} value={basics} onChange={setBasics} />
      <div className="form__row">
        <InputField
          label="Date"
          type="date"
          value={day}
          onChange={(e) => setDay(e.target.value)}
          required
          data-testid="slot-date"
        />
        <InputField
          label="Starts at"
          type="time"
          value={time}
          onChange={(e) => setTime(e.target.value)}
          required
          data-testid="slot-time"
        />
      </div>
      <p className="field__hint">Date and time in {zoneLabel(zone, new Date())}.</p>
      <FormFooter
        busy={busy}
        error={error}
        submitLabel="Create slot"
        busyLabel="Creating…"
        onCancel={onDone}
        submitTestId="create-slots"
      />
    </form>
  )
}
