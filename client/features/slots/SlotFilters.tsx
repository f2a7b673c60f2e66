import type { SlotView } from '../../data/index.js'

export interface SlotFilterValue {
  providerId?: string
  serviceId?: string
}

interface Option {
  id: string
  name: string
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
      <label className="field field--inline">
        <span>Provider</span>
        <select
          value={value.providerId ?? ''}
          onChange={(e) => onChange({ providerId: e.target.value || undefined, serviceId: undefined })}
          data-testid="filter-provider"
        >
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--inline">
        <span>Service</span>
        <select
          value={value.serviceId ?? ''}
          onChange={(e) => onChange({ ...value, serviceId: e.target.value || undefined })}
          data-testid="filter-service"
        >
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  )
}

export function matchesFilter(slot: SlotView, filter: SlotFilterValue): boolean {
  return (
    (!filter.providerId || slot.providerId === filter.providerId) &&
    (!filter.serviceId || slot.serviceId === filter.serviceId)
  )
}
