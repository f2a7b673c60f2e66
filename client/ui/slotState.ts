import type { SlotView } from '../data/index.js'

export type SlotState = SlotView['state']

/** The words each slot state is shown with, in the legend and on every slot. */
export const slotStateLabels: Record<SlotState, string> = {
  available: 'Available',
  full: 'Full',
  blocked: 'Blocked',
  past: 'Past',
}

export const slotStates = Object.keys(slotStateLabels) as SlotState[]
