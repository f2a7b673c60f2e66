import type { Service } from '../../../shared/schemas.js'
import { dayKey, formatDay, formatTime } from '../../ui/calendarTime.js'

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

/** "Thu 31 Dec", with the year when it is not `now`'s year in the zone: "Thu 31 Dec 2099". */
export function dayNamingYear(instant: string, zone: string, now: Date): string {
  const year = dayKey(instant, zone).slice(0, 4)
  const day = formatDay(instant, zone)
  return year === dayKey(now, zone).slice(0, 4) ? day : `${day} ${year}`
}

/** The toast after creating one slot: "Slot created on Thu 31 Dec 2099 at 23:30." */
export function slotCreatedText(startTime: string, zone: string, now: Date): string {
  return `Slot created on ${dayNamingYear(startTime, zone, now)} at ${formatTime(startTime, zone)}.`
}
