import { useState } from 'react'
import type { InsightsPeriod } from '../../data/index.js'
import { InputField } from '../../ui/Field.js'
import type { PeriodPreset } from './periods.js'

interface PeriodPickerProps {
  period: InsightsPeriod
  presets: readonly PeriodPreset[]
  onChange: (period: InsightsPeriod) => void
}

/** Quick periods, or two dates applied together (so a half-typed range is never requested). */
export function PeriodPicker({ period, presets, onChange }: PeriodPickerProps) {
  const [draft, setDraft] = useState(period)
  const apply = (next: InsightsPeriod) => {
    setDraft(next)
    onChange(next)
  }
  return (
    <div className="period-picker">
      <fieldset className="segmented">
        <legend className="visually-hidden">Period</legend>
        {presets.map((preset) => {
          const active = preset.period.from === period.from && preset.period.to === period.to
          return (
            <button
              key={preset.id}
              type="button"
              className={`segmented__option${active ? ' segmented__option--active' : ''}`}
              aria-pressed={active}
              onClick={() => apply(preset.period)}
            >
              {preset.label}
            </button>
          )
        })}
      </fieldset>
      <form
        className="period-picker__dates"
        onSubmit={(event) => {
          event.preventDefault()
          apply(draft)
        }}
      >
        <InputField
          label="From"
          type="date"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          required
          data-testid="insights-from"
        />
        <InputField
          label="To"
          type="date"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          required
          data-testid="insights-to"
        />
        <button type="submit" className="button" data-testid="insights-apply">
          Show
        </button>
      </form>
    </div>
  )
}
