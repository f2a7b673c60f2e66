import type { Service } from '../../../shared/schemas.js'
import { MAX_CAPACITY } from '../../../shared/schemas.js'
import { InputField, SelectField } from '../../ui/Field.js'

import { basicsForService, type SlotBasics } from './slotBasics.js'

export function initialBasics(services: readonly Service[]): SlotBasics {
  return basicsForService(services[0])
}

/**
 * Service, length and capacity: the fields a single slot and a weekly pattern share. Choosing a
 * service fills in its duration and default capacity; both stay editable for this slot.
 */
export function SlotBasicsFields({
  services,
  value,
  onChange,
}: {
  services: readonly Service[]
  value: SlotBasics
  onChange: (value: SlotBasics) => void
}) {
  return (
    <div className="form__row">
      <SelectField
        label="Service"
        value={value.serviceId}
        options={services}
        onChange={(serviceId) => {
          onChange(
            basicsForService(services.find((s) => s.id === serviceId) ?? undefined, { ...value, serviceId }),
          )
        }}
        testId="slot-service"
      />
      <InputField
        label="Length (minutes)"
        type="number"
        min={5}
        max={24 * 60}
        step={5}
        value={value.durationMinutes}
        onChange={(e) => onChange({ ...value, durationMinutes: Number(e.target.value) })}
      />
      <InputField
        label="Capacity (seats)"
        type="number"
        min={1}
        max={MAX_CAPACITY}
        value={value.maxBookings}
        onChange={(e) => onChange({ ...value, maxBookings: Number(e.target.value) })}
        data-testid="slot-capacity"
      />
    </div>
  )
}
