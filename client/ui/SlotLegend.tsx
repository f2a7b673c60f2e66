import { NOT_SENT_YET } from '../data/bookingStatusWords.js'
import { slotStateLabels, slotStates } from './slotState.js'

export function SlotLegend() {
  return (
    <ul className="legend" aria-label="Slot states">
      {slotStates.map((state) => (
        <li key={state}>
          <span className={`legend__swatch state-${state}`} aria-hidden="true" />
          {slotStateLabels[state]}
        </li>
      ))}
      <li>
        <span className="legend__swatch legend__swatch--pending" aria-hidden="true" />
        {NOT_SENT_YET}
      </li>
    </ul>
  )
}
