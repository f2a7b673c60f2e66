import type { Service } from '../../../shared/schemas.js'

export interface SlotBasics {
  serviceId: string
  durationMinutes: number
  maxBookings: number
}

/** Length and capacity follow the chosen service's own (a group class starts with its many seats). */
export function basicsForService(service: Service | undefined, current?: SlotBasics): SlotBasics {
  return {
    serviceId: service?.id ?? current?.serviceId ?? '',
    durationMinutes: service?.durationMinutes ?? current?.durationMinutes ?? 60,
    maxBookings: service?.defaultCapacity ?? current?.maxBookings ?? 1,
  }
}
