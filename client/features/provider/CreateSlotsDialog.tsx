import { useState } from 'react'
import type { Service } from '../../../shared/schemas.js'
import { useServices } from '../../data/index.js'
import { Failure, Loading } from '../../ui/DataState.js'
import { Dialog } from '../../ui/Dialog.js'
import { routeHash } from '../../app/route.js'
import { zoneLabel } from '../../ui/calendarTime.js'
import { RecurringSlotsForm } from './RecurringSlotsForm.js'
import { SingleSlotForm } from './SingleSlotForm.js'
import type { SlotBasics } from './slotBasics.js'
import { initialBasics } from './SlotBasicsFields.js'

interface CreateSlotsDialogProps {
  open: boolean
  providerId: string
  /** The provider's own zone: both forms read and name times in it. */
  zone: string
  onClose: () => void
  /** After creating: the start of the first slot created. */
  onCreated: (startTime: string) => void
}

type Mode = 'single' | 'weekly'

/**
 * Create one slot, or a weekly pattern over a date range: sent to the server when it answers, made on
 * the device otherwise (with the services kept on it since sign-in, client/data/services.ts).
 */
export function CreateSlotsDialog({ open, providerId, zone, onClose, onCreated }: CreateSlotsDialogProps) {
  return (
    <Dialog open={open} title="New slots" onClose={onClose} testId="create-slots-dialog">
      {open && (
        <CreateSlotsBody providerId={providerId} zone={zone} onCancel={onClose} onCreated={onCreated} />
      )}
    </Dialog>
  )
}

function CreateSlotsBody({
  providerId,
  zone,
  onCancel,
  onCreated,
}: {
  providerId: string
  zone: string
  onCancel: () => void
  onCreated: (startTime: string) => void
}) {
  const [mode, setMode] = useState<Mode>('single')
  // Service, length and capacity are the dialog's, not a mode's: a provider who picks the service and
  // then "Weekly pattern" keeps the service picked (each form kept its own, reset to the first service).
  const [chosenBasics, setBasics] = useState<SlotBasics | null>(null)
  const services = useServices(providerId)
  if (services.error)
    return (
      <Failure
        message={`Services could not be loaded (${services.error}), and none are kept on this device yet. They are kept as soon as it is online.`}
      />
    )
  if (services.loading) return <Loading label="Loading your services…" />
  if (services.data.length === 0)
    return (
      <div className="data-state data-state--empty" data-testid="no-services">
        <p className="data-state__title">Add a service first</p>
        <p>
          A slot is a time for one of your services, and you have none yet. Add one (its name, length and
          price), then create its slots here.
        </p>
        <a href={routeHash({ page: 'services' })} className="button button--primary" onClick={onCancel}>
          Go to Services
        </a>
      </div>
    )
  const list: readonly Service[] = services.data
  const basics = chosenBasics ?? initialBasics(list)
  return (
    <>
      <fieldset className="segmented">
        <legend className="visually-hidden">What to create</legend>
        {(['single', 'weekly'] as const).map((value) => (
          <label
            key={value}
            className={`segmented__option${mode === value ? ' segmented__option--active' : ''}`}
          >
            <input
              type="radio"
              name="slot-mode"
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
            />
            {value === 'single' ? 'One slot' : 'Weekly pattern'}
          </label>
        ))}
      </fieldset>
      <p className="field__hint" data-testid="slot-form-zone">
        Dates and times in your time zone, <strong>{zoneLabel(zone, new Date())}</strong>.
      </p>
      {mode === 'single' ? (
        <SingleSlotForm
          services={list}
          basics={basics}
          onBasicsChange={setBasics}
          providerId={providerId}
          zone={zone}
          onCancel={onCancel}
          onCreated={onCreated}
        />
      ) : (
        <RecurringSlotsForm
          services={list}
          basics={basics}
          onBasicsChange={setBasics}
          providerId={providerId}
          zone={zone}
          onCancel={onCancel}
          onCreated={onCreated}
        />
      )}
    </>
  )
}
