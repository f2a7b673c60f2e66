/** What happened to each row of a multi-row request (bulk action, series): one line per row. */
export interface OutcomeLine {
  key: string
  label: string
  ok: boolean
  /** Why the row was refused (shown after the label). */
  message?: string | undefined
}

export function OutcomeList({
  title,
  lines,
  testId,
}: {
  title: string
  lines: readonly OutcomeLine[]
  testId: string
}) {
  if (lines.length === 0) return null
  return (
    <section aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <ul className="outcome-list">
        {lines.map((line) => (
          <li
            key={line.key}
            className={`outcome-list__row--${line.ok ? 'ok' : 'refused'}`}
            data-testid="outcome-row"
            data-ok={line.ok}
          >
            {line.label}: {line.ok ? 'done' : `not done. ${line.message ?? ''}`}
          </li>
        ))}
      </ul>
    </section>
  )
}
