/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break. A text
 * field starting with = + - @ (or a tab / carriage return) is prefixed with ' so a spreadsheet shows
 * it instead of running it as a formula (customer names are typed by customers).
 */
export type CsvValue = string | number

const FORMULA_START = /^[=+\-@\t\r]/

function csvField(value: CsvValue): string {
  if (typeof value === 'number') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvTable(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('')
}
