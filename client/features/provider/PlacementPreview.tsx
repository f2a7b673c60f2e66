import type { SlotInstant, SlotPlan } from '../../../shared/slotRules.js'
import { repeatedTimeText, skippedSlotText } from './slotBasics.js'

/** Lines of skipped slots listed before the rest are summed up. */
const LISTED = 8

/**
 * Before creating: how many slots will be created, and which are skipped and why; `repeated`: slots
 * at a local time that happens twice that day (the clocks go back), said so.
 */
export function PlacementPreview({
  plan,
  zone,
  repeated = [],
}: {
  plan: SlotPlan
  zone: string
  repeated?: readonly SlotInstant[]
}) {
  const { create, skipped } = plan
  return (
    <div className="placement-preview" data-testid="placement-preview" aria-live="polite">
      <p>
        <strong data-testid="preview-create">
          {create.length === 1 ? 'Creates 1 slot' : `Creates ${create.length} slots`}
        </strong>
        {skipped.length > 0 && (
          <span data-testid="preview-skip">
            {' '}
            · skips {skipped.length} {skipped.length === 1 ? 'slot' : 'slots'}
          </span>
        )}
      </p>
      {skipped.length > 0 && (
        <ul className="placement-preview__skipped">
          {skipped.slice(0, LISTED).map((slot) => (
            <li key={`${slot.startTime} ${slot.reason}`} data-reason={slot.reason}>
              {skippedSlotText(slot, zone)}
            </li>
          ))}
          {skipped.length > LISTED && <li>and {skipped.length - LISTED} more</li>}
        </ul>
      )}
      {repeated.map((slot) => (
        <p key={slot.startTime} className="field__hint" data-testid="preview-repeated">
          {repeatedTimeText(slot, zone)}
        </p>
      ))}
    </div>
  )
}

/** Why a single slot cannot be created, in words; null when it can. */
export function refusalText(plan: SlotPlan): string | null {
  const refused = plan.skipped[0]
  if (!refused) return null
  return refused.reason === 'SLOT_IN_PAST'
    ? 'This start is in the past. Pick a later date or time.'
    : 'This overlaps one of your slots. Pick another time.'
}
