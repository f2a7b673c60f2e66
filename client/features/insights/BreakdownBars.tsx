/** Labelled horizontal bars (HTML, so labels wrap on a phone), each with its count. */
export interface BreakdownRow {
  label: string
  value: number
  /** Shown instead of the bare value, e.g. a price. */
  display?: string
}

export function BreakdownBars({
  title,
  note,
  rows,
  testId,
}: {
  title: string
  /** What the figures count, under the title. */
  note?: string
  rows: readonly BreakdownRow[]
  testId?: string
}) {
  const max = Math.max(1, ...rows.map((r) => r.value))
  return (
    <figure className="chart-card" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {note && <p className="muted chart-card__note">{note}</p>}
      <ul className="breakdown">
        {rows.map((row) => (
          <li key={row.label} className="breakdown__row">
            <span className="breakdown__label">{row.label}</span>
            <span className="breakdown__track" aria-hidden="true">
              <span className="breakdown__fill" style={{ width: `${(row.value / max) * 100}%` }} />
            </span>
            <span className="breakdown__value">{row.display ?? row.value}</span>
          </li>
        ))}
      </ul>
    </figure>
  )
}
