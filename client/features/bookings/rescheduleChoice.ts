/**
 * The time picked in the reschedule dialog, checked against what the dialog still offers: a picked
 * time taken by someone else meanwhile drops out of the list (rescheduleTargets.ts), and the dialog
 * then says so instead of a "Move booking" that does nothing.
 */
import type { SlotView } from '../../data/index.js'
import { formatDay, formatTime } from '../../ui/calendarTime.js'

/** The time picked: its slot and start, kept so the dialog can name it once it is no longer listed. */
export interface PickedTime {
  slotId: string
  startTime: string
}

/** The slot to move to, or null: nothing picked, or the time picked is no longer offered. */
export function pickedTarget(picked: PickedTime | null, offered: readonly SlotView[]): SlotView | null {
  if (picked === null) return null
  return offered.find((slot) => slot.id === picked.slotId) ?? null
}

/**
 * Why "Move booking" is disabled when the time picked was taken meanwhile: "The time you picked (Sat 28
 * Nov, 08:00) has just been taken — pick another."; null when nothing was picked or it is still offered.
 */
export function pickedTimeTaken(
  picked: PickedTime | null,
  offered: readonly SlotView[],
  zone: string,
): string | null {
  if (picked === null || pickedTarget(picked, offered) !== null) return null
  const when = `${formatDay(picked.startTime, zone)}, ${formatTime(picked.startTime, zone)}`
  return `The time you picked (${when}) has just been taken — pick another.`
}
