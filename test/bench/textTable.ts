/** Tables of the bench report: the data once, rendered as aligned text (console) or Markdown (README). */
import type { Spread } from './stats.js'

export interface Table {
  header: string[]
  rows: string[][]
}

/** Columns padded to equal width, as the formatter lays Markdown tables out. */
export function markdownTable({ header, rows }: Table): string {
  const escaped = [header, ...rows].map((cells) => cells.map((c) => c.trim().replace(/\|/g, '\\|')))
  const widths = header.map((_, i) => Math.max(3, ...escaped.map((cells) => (cells[i] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  const [head = [], ...body] = escaped
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** "median (min–max)" with `digits` decimals. */
export function formatSpread(s: Spread, digits = 0): string {
  if (!Number.isFinite(s.median)) return 'n/a'
  const f = (v: number) => v.toFixed(digits)
  return s.runs.length > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median)
}
