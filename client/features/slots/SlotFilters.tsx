import type { SlotView } from '../../data/index.js'
import { type Option, SelectField } from '../../ui/Field.js'

export interface SlotFilterValue {
  providerId?: string
  serviceId?: string
}

function uniqueOptions(
  slots: readonly SlotView[],
  pick: (slot: SlotView) => Option,
  keep?: string,
): Option[] {
  const byId = new Map<string, Option>()
  for (const slot of slots) byId.set(pick(slot).id, pick(slot))
  if (keep && !byId.has(keep)) byId.set(keep, { id: keep, name: 'Selected (none this week)' })
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** Provider and service pickers, offering what the loaded slots contain. */
export function SlotFilters({
  slots,
  value,
  onChange,
}: {
  slots: readonly SlotView[]
  value: SlotFilterValue
  onChange: (value: SlotFilterValue) => void
}) {
  const providers = uniqueOptions(
    slots,
    (s) => ({ id: s.providerId, name: s.providerName }),
    value.providerId,
  )
  const ofProvider = value.providerId ? slots.filter((s) => s.providerId === value.providerId) : slots
  const services = uniqueOptions(
    ofProvider,
    (s) => ({ id: s.serviceId, name: s.serviceName }),
    value.serviceId,
  )
  return (
    <fieldset className="filters">
      <legend className="visually-hidden">Filter slots</legend>
      <SelectField
        inline
        label="Provider"
        value={value.providerId ?? ''}
        options={providers}
        emptyLabel="All providers"
        onChange={(id) => onChange({ providerId: id || undefined, serviceId: undefined })}
        testId="filter-provider"
      />
      <SelectField
        inline
        label="Service"
        value={value.serviceId ?? ''}
        options={services}
        emptyLabel="All services"
        onChange={(id) => onChange({ ...value, serviceId: id || undefined })}
        testId="filter-service"
      />
    </fieldset>
  )
}

export function matchesFilter(slot: SlotView, filter: SlotFilterValue): boolean {
  return (
    (!filter.providerId || slot.providerId === filter.providerId) &&
    (!filter.serviceId || slot.serviceId === filter.serviceId)
  )
}
