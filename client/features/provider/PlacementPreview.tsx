import type { SlotPlan, SlotSkipReason } from '../../../shared/slotRules.js'
import { formatDay, formatTimeRange } from '../../ui/calendarTime.js'

const reasons: Record<SlotSkipReason, string> = {
  SLOT_IN_PAST: 'in the past',
  SLOT_OVERLAPS: 'overlaps one of your slots',
}

/** Lines of skipped slots listed before the rest are summed up. */
const LISTED = 8

/** Before creating: how many slots will be created, and which are skipped and why. */
export function PlacementPreview({ plan, zone }: { plan: SlotPlan; zone: string }) {
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
            <li key={slot.startTime} data-reason={slot.reason}>
              {formatDay(slot.startTime, zone)} {formatTimeRange(slot.startTime, slot.endTime, zone)}:{' '}
              {reasons[slot.reason]}
            </li>
          ))}
          {skipped.length > LISTED && <li>and {skipped.length - LISTED} more</li>}
        </ul>
      )}
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
