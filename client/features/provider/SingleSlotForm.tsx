import { tz } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import { useId, useMemo, useState } from 'react'
import { CreateSlotBody, type Service } from '../../../shared/schemas.js'
import { useProviderActions } from '../../data/index.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { InputField } from '../../ui/Field.js'
import { refusalText } from './PlacementPreview.js'
import { basicsProblem, type SlotBasics, singleSlotTime, slotCreatedText } from './slotBasics.js'
import { SlotBasicsFields } from './SlotBasicsFields.js'
import { usePlacementPlan } from './usePlacementPlan.js'
import { OFFLINE_SUFFIX } from '../sync/useChangeAnnouncer.js'
import { useFreeStartTime } from './useFreeStartTime.js'
import { useSubmitSlots } from './useSubmitSlots.js'

interface SingleSlotFormProps {
  services: readonly Service[]
  /** Service, length and capacity: kept by the dialog, so switching between its modes keeps them. */
  basics: SlotBasics
  onBasicsChange: (basics: SlotBasics) => void
  providerId: string
  /** The provider's zone: the date and time are read in it. */
  zone: string
  onCancel: () => void
  onCreated: (startTime: string) => void
}

/**
 * One slot on a date and time in the provider's zone, the time prefilled with the day's first free
 * one (useFreeStartTime); a time the clocks skip that day, a start in the past or on top of another
 * slot is refused before sending.
 */
export function SingleSlotForm({
  services,
  basics,
  onBasicsChange,
  providerId,
  zone,
  onCancel,
  onCreated,
}: SingleSlotFormProps) {
  const { createSlot } = useProviderActions()
  // Tomorrow: today 09:00 is often already past when the form opens.
  const [day, setDay] = useState(() => format(addDays(new Date(), 1), 'yyyy-MM-dd', { in: tz(zone) }))
  // The first free time that day until the provider types one (a prefilled 09:00 could clash).
  const [typedTime, setTime] = useState<string | null>(null)
  const freeTime = useFreeStartTime(providerId, day, basics.durationMinutes, zone)
  const time = typedTime ?? freeTime
  // The weekly pattern's rule for a local time: one the clocks skip that day is refused at the field.
  const { slot, timeProblem, repeatedNote } = singleSlotTime(day, time, basics.durationMinutes, zone)
  // A length or capacity out of range is said at the fields; nothing is checked for overlaps meanwhile.
  const lengthProblem = basicsProblem(basics)
  const startIso = lengthProblem ? undefined : slot?.startTime
  const endIso = lengthProblem ? undefined : slot?.endTime
  const candidates = useMemo(
    () => (startIso && endIso ? [{ startTime: startIso, endTime: endIso }] : []),
    [startIso, endIso],
  )
  const timeNoteId = useId()
  const refusal = refusalText(usePlacementPlan(providerId, candidates))
  const { busy, error, submit } = useSubmitSlots(
    CreateSlotBody,
    async (body) => {
      const { queued } = await createSlot(body)
      const made = slotCreatedText(body.startTime, zone, new Date())
      return {
        message: queued ? `${made} ${OFFLINE_SUFFIX}` : made,
        queued,
        firstStart: body.startTime,
      }
    },
    onCreated,
  )

  const body = candidates[0] && {
    serviceId: basics.serviceId,
    ...candidates[0],
    maxBookings: basics.maxBookings,
  }

  return (
    <form className="form" onSubmit={(e) => submit(e, body ?? {})} data-testid="single-slot-form">
      <SlotBasicsFields services={services} value={basics} onChange={onBasicsChange} />
      {lengthProblem && (
        <p className="note note--warning" role="alert" data-testid="slot-basics-problem">
          {lengthProblem}
        </p>
      )}
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
          aria-invalid={timeProblem ? true : undefined}
          aria-describedby={timeProblem || repeatedNote ? timeNoteId : undefined}
        />
      </div>
      {timeProblem && (
        <p className="note note--warning" id={timeNoteId} role="alert" data-testid="slot-time-problem">
          {timeProblem}
        </p>
      )}
      {repeatedNote && (
        <p className="field__hint" id={timeNoteId} data-testid="slot-time-repeated">
          {repeatedNote}
        </p>
      )}
      {refusal && (
        <p className="note note--warning" role="alert" data-testid="slot-refusal">
          {refusal}
        </p>
      )}
      <FormFooter
        busy={busy}
        error={error}
        submitLabel="Create slot"
        busyLabel="Creating…"
        disabled={lengthProblem !== null || timeProblem !== null || refusal !== null}
        onCancel={onCancel}
        submitTestId="create-slots"
      />
    </form>
  )
}
