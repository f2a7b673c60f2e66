import { useState } from 'react'
import type { Service } from '../../../shared/schemas.js'
import { useServices } from '../../data/index.js'
import { Failure, Loading } from '../../ui/DataState.js'
import { Dialog } from '../../ui/Dialog.js'
import { RecurringSlotsForm } from './RecurringSlotsForm.js'
import { SingleSlotForm } from './SingleSlotForm.js'

interface CreateSlotsDialogProps {
  open: boolean
  providerId: string
  providerTimeZone: string
  zone: string
  onClose: () => void
}

type Mode = 'single' | 'weekly'

/** Create one slot, or a weekly pattern over a date range. Needs the network (the server expands patterns). */
export function CreateSlotsDialog({
  open,
  providerId,
  providerTimeZone,
  zone,
  onClose,
}: CreateSlotsDialogProps) {
  return (
    <Dialog open={open} title="New slots" onClose={onClose} testId="create-slots-dialog">
      {open && (
        <CreateSlotsBody
          providerId={providerId}
          providerTimeZone={providerTimeZone}
          zone={zone}
          onDone={onClose}
        />
      )}
    </Dialog>
  )
}

function CreateSlotsBody({
  providerId,
  providerTimeZone,
  zone,
  onDone,
}: {
  providerId: string
  providerTimeZone: string
  zone: string
  onDone: () => void
}) {
  const [mode, setMode] = useState<Mode>('single')
  const services = useServices(providerId)
  if (services.error)
    return (
      <Failure
        message={`Services could not be loaded (${services.error}). Creating slots needs a connection.`}
      />
    )
  if (services.loading) return <Loading label="Loading your services…" />
  if (services.data.length === 0)
    return <Failure message="You have no services yet, so there is nothing to offer slots for." />
  const list: readonly Service[] = services.data
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
      {mode === 'single' ? (
        <SingleSlotForm services={list} zone={zone} onDone={onDone} />
      ) : (
        <RecurringSlotsForm services={list} providerTimeZone={providerTimeZone} onDone={onDone} />
      )}
    </>
  )
}
