/**
 * What an empty week says (kept pure: test/unit/emptyWeekText.test.ts). "Try the next week." was
 * said even when no slot was published later: the advice now follows what the device finds after the
 * week (the same search as "Next available", from the week's end), or points to the filters when the
 * week has slots of other providers or services.
 */
import type { SlotView } from '../../data/index.js'
import type { SlotsOnDevice } from './slotsOnDevice.js'

/**
 * What comes after the shown week: a free slot, only full ones, nothing, not known (yet), or nothing
 * the device could know: it holds none of the organisation's slots (never synced, offline).
 */
export type LaterSlots =
  | { kind: 'free'; first: SlotView }
  | { kind: 'full' }
  | { kind: 'none' }
  | { kind: 'unknown' }
  | { kind: 'notSynced' }

/**
 * The slots after the week that the customer could open (`slots` from the week's end; null while they
 * load), filtered as the page is; `onDevice`: whether the device can know them at all (slotsOnDevice.ts).
 */
export function laterSlots(
  slots: readonly SlotView[] | null,
  matches: (slot: SlotView) => boolean,
  onDevice: SlotsOnDevice = 'known',
): LaterSlots {
  if (onDevice === 'notSynced') return { kind: 'notSynced' }
  if (slots === null || onDevice === 'beyondStored') return { kind: 'unknown' }
  const open = [...slots]
    .filter((slot) => matches(slot) && (slot.state === 'available' || slot.state === 'full'))
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
  const first = open.find((slot) => slot.state === 'available')
  if (first) return { kind: 'free', first }
  return open.length > 0 ? { kind: 'full' } : { kind: 'none' }
}

/** Said where a week would otherwise claim that slots this device has never had are not there. */
const NOT_SYNCED_ADVICE = "This organisation's slots are not on this device yet: connect to see them."

/** An empty week's title: not "No slots this week" when the device holds none of the organisation's. */
export function emptyWeekTitle(later: LaterSlots): string {
  return later.kind === 'notSynced' ? 'Slots not on this device yet' : 'No slots this week'
}

/** The line under the title; `day` names a day as the page does ("Mon 23 Nov"). */
export function emptyWeekAdvice(
  otherSlotsThisWeek: boolean,
  later: LaterSlots,
  day: (slot: SlotView) => string,
): string {
  if (otherSlotsThisWeek) return 'Try another provider or service.'
  switch (later.kind) {
    case 'free':
      return `The next free slot is on ${day(later.first)}: “Next available” takes you there.`
    case 'full':
      return 'The later slots are fully booked: open one to join its waitlist.'
    case 'none':
      return 'No later slots are published yet.'
    case 'unknown':
      return '“Next available” finds the next free slot.'
    case 'notSynced':
      return NOT_SYNCED_ADVICE
  }
}
