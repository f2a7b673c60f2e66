import { useId, useState } from 'react'
import { InsightsQuery } from '../../../shared/insightsSchemas.js'
import type { InsightsPeriod } from '../../data/index.js'
import { validationWords } from '../../data/validationWords.js'
import { InputField } from '../../ui/Field.js'
import type { PeriodPreset } from './periods.js'

interface PeriodPickerProps {
  period: InsightsPeriod
  presets: readonly PeriodPreset[]
  onChange: (period: InsightsPeriod) => void
}

/**
 * What is wrong with two dates as a period (To before From, longer than two years), by the rule the
 * server applies and in the words a form uses; per field, so each is said next to its date.
 */
function periodProblems(draft: InsightsPeriod): { from?: string; to?: string } {
  const parsed = InsightsQuery.safeParse(draft)
  if (parsed.success) return {}
  const at = (field: 'from' | 'to') => {
    const issues = parsed.error.issues.filter((issue) => issue.path[0] === field)
    return issues.length === 0 ? undefined : (validationWords(issues) ?? issues[0]?.message)
  }
  return { from: at('from'), to: at('to') }
}

/**
 * Quick periods, or two dates applied together (so a half-typed range is never requested). The shown
 * period is the page's (from the URL): give the picker a key of it so Back or Forward resets the dates.
 */
export function PeriodPicker({ period, presets, onChange }: PeriodPickerProps) {
  const [draft, setDraft] = useState(period)
  // Said once Show was pressed, and gone as soon as the dates are right.
  const [tried, setTried] = useState(false)
  const problems = tried ? periodProblems(draft) : {}
  const ids = useId()
  const problemId = (field: 'from' | 'to') => `${ids}-${field}`
  const described = (field: 'from' | 'to') =>
    problems[field] ? { 'aria-invalid': true, 'aria-describedby': problemId(field) } : {}
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
              onClick={() => onChange(preset.period)}
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
          setTried(true)
          const problem = periodProblems(draft)
          if (problem.from || problem.to) return
          onChange(draft)
        }}
      >
        <InputField
          label="From"
          type="date"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          required
          data-testid="insights-from"
          {...described('from')}
        />
        <InputField
          label="To"
          type="date"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          required
          data-testid="insights-to"
          {...described('to')}
        />
        <button type="submit" className="button" data-testid="insights-apply">
          Show
        </button>
        {(['from', 'to'] as const).map(
          (field) =>
            problems[field] && (
              <p
                key={field}
                id={problemId(field)}
                className="note note--error period-picker__problem"
                role="alert"
                data-testid={`insights-${field}-problem`}
              >
                {problems[field]}
              </p>
            ),
        )}
      </form>
    </div>
  )
}
