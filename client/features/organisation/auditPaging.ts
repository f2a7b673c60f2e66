/**
 * The organisation page's audit trail shown a page of rows at a time. Paging and counting go by the
 * rows the admin sees (auditRows), not by entries: a weekly pattern's slots are one row of many
 * entries, so "Show 25 more" once added no row, or showed part of a pattern as a row of its own
 * ("created 25 slots" of 65), and "(146 not shown)" counted entries.
 */
import type { AuditLine } from '../../data/organisationAdmin.js'
import { type AuditRow, auditRows } from './auditDescription.js'

/** What of the trail the server holds beyond the entries read (GET /api/organisation/audit's headers). */
export interface OlderOnServer {
  /** Entries older than the last read. */
  older: number
  /** Rows those entries start (one on the last read row's row starts none). */
  olderRows: number
}

export interface TrailPage {
  visible: AuditRow[]
  /** Rows not shown: read but not shown, and those still on the server. */
  hidden: number
  /**
   * Rows read whole. While older entries remain on the server, the last row read may go on among them
   * (a pattern read in part), so it is shown only once read whole.
   */
  whole: number
}

/**
 * The first `shown` rows of the trail in words (auditRows), from the entries read (newest first) and
 * what the server holds beyond them; `names` and `zone` as auditRows takes them.
 */
export function trailPage(
  entries: readonly AuditLine[],
  server: OlderOnServer,
  shown: number,
  names: ReadonlyMap<string, string>,
  zone: string,
): TrailPage {
  const rows = auditRows(entries, names, zone)
  const whole = server.older > 0 ? Math.max(0, rows.length - 1) : rows.length
  const visible = rows.slice(0, Math.min(shown, whole))
  return { visible, hidden: rows.length + server.olderRows - visible.length, whole }
}
