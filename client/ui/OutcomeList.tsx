/** What happened to each row of a multi-row request (bulk action, series): one line per row. */
export interface OutcomeLine {
  key: string
  label: string
  ok: boolean
  /** Ok, but nothing changed: the row already was as asked (`message` says so). */
  unchanged?: boolean | undefined
  /** Why the row was refused, or what an unchanged row already was (shown after the label). */
  message?: string | undefined
  /** What became of the row since, said instead of `words` (a week booked, then cancelled: "Cancelled"). */
  since?: string | undefined
}

/** One line per row of a bulk answer, named by `label` (the row's slot or booking as shown). */
export function outcomeLines(
  rows: readonly { id: string; ok: boolean; unchanged?: boolean | undefined; message?: string | undefined }[],
  label: (id: string) => string,
): OutcomeLine[] {
  return rows.map((row) => ({
    key: row.id,
    label: label(row.id),
    ok: row.ok,
    unchanged: row.unchanged,
    message: row.message,
  }))
}

/**
 * What a row's outcome is called, in the action's own word: a bulk cancel's rows are "cancelled" (not
 * "done"), a series' weeks are "Booked".
 */
export interface OutcomeWords {
  ok: string
  refused: string
}

/** A bulk action's words from what it makes a row: "cancelled", "not cancelled". */
export function doneWords(done: string): OutcomeWords {
  return { ok: done, refused: `not ${done}` }
}

/**
 * One row in words: "<label>: cancelled", "<label>: not cancelled. <why>", "<label>: nothing changed.
 * <what>".
 */
export function outcomeText(line: OutcomeLine, words: OutcomeWords): string {
  const outcome = line.since
    ? line.since
    : line.unchanged
      ? `nothing changed. ${line.message ?? ''}`
      : line.ok
        ? words.ok
        : `${words.refused}. ${line.message ?? ''}`
  return `${line.label}: ${outcome}`.trimEnd()
}

export function OutcomeList({
  title,
  lines,
  testId,
  words,
}: {
  title: string
  lines: readonly OutcomeLine[]
  testId: string
  /** What each row's outcome is called, in the caller's action's word (doneWords). */
  words: OutcomeWords
}) {
  if (lines.length === 0) return null
  return (
    <section aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <ul className="outcome-list">
        {lines.map((line) => (
          <li
            key={line.key}
            className={`outcome-list__row--${line.unchanged ? 'unchanged' : line.ok ? 'ok' : 'refused'}`}
            data-testid="outcome-row"
            data-ok={line.ok}
            data-unchanged={line.unchanged ? true : undefined}
          >
            {outcomeText(line, words)}
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * A bulk answer in one sentence, counting a row that already was as asked apart from one changed:
 * "1 of 3 confirmed; 2 were already confirmed." (`done`: what the action makes a row, "confirmed").
 */
export function outcomeSummary(
  lines: readonly Pick<OutcomeLine, 'ok' | 'unchanged'>[],
  done: string,
): string {
  const unchanged = lines.filter((l) => l.ok && l.unchanged).length
  const changed = lines.filter((l) => l.ok && !l.unchanged).length
  const refused = lines.length - changed - unchanged
  const parts = [`${changed} of ${lines.length} ${done}`]
  if (unchanged > 0) parts.push(`${unchanged} ${unchanged === 1 ? 'was' : 'were'} already ${done}`)
  if (refused > 0) parts.push(`${refused} not done`)
  return `${parts.join('; ')}.`
}
