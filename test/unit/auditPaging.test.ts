/**
 * The organisation page's audit trail pages and counts the rows the admin sees
 * (client/features/organisation/auditPaging.ts), not entries: a walk with a weekly pattern of 65 slots
 * (65 entries, one row) showed that one row, read "created 25 slots", and "Show 25 more (146 not
 * shown)"; pressing it added no row and the same row then read "created 50 slots".
 */
import { describe, expect, it } from 'vitest'
import type { AuditLine } from '../../client/data/organisationAdmin.js'
import { auditRows } from '../../client/features/organisation/auditDescription.js'
import { type OlderOnServer, trailPage } from '../../client/features/organisation/auditPaging.js'
import { continuesAuditRow } from '../../shared/organisations.js'

const ANA = '00000000-0000-4000-8000-0000000000a1'
const names = new Map([[ANA, 'Dr. Ana Weber']])
const ZONE = 'Europe/Berlin'
/** The page's numbers (OrganisationPage.tsx, organisationAdmin.ts). */
const PAGE = 25
const FETCH = 100

let nextId = 10_000
/** Newest first, as the server sends them: each call's entries are older than the last call's. */
let minutesAgo = 0
function pattern(slots: number): AuditLine[] {
  const at = new Date(Date.UTC(2026, 10, 26, 12) - ++minutesAgo * 60_000).toISOString()
  return Array.from({ length: slots }, (_, i) => ({
    id: nextId--,
    actorId: ANA,
    action: 'slot.created',
    entityType: 'slot' as const,
    entityId: `9a2bfa74-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    before: null,
    after: { serviceName: 'Physio', startTime: new Date(Date.UTC(2027, 0, 4 + i, 8)).toISOString() },
    at,
  }))
}
const single = () => pattern(1)
const singles = (n: number) => Array.from({ length: n }, single).flat()

/** What the server's headers say of the entries after the first `read` (its rule: continuesAuditRow). */
function olderOnServer(trail: readonly AuditLine[], read: number): OlderOnServer {
  const older = trail.slice(read)
  const olderRows = older.filter((entry, i) => {
    const previous = trail[read + i - 1]
    return !previous || !continuesAuditRow(previous, entry)
  }).length
  return { older: older.length, olderRows }
}

/**
 * The page as the admin walks it: reads server pages of 100 while fewer than a page of rows beyond
 * those shown are read whole (as useShownTrail does), shows the rows, and presses "Show more" until
 * it is gone. Answers each step's rows and "Show N more (M not shown)" numbers.
 */
function walk(trail: readonly AuditLine[]) {
  const steps: { rows: string[]; more: number; hidden: number }[] = []
  let shown = PAGE
  let read = Math.min(FETCH, trail.length)
  for (;;) {
    let page = trailPage(trail.slice(0, read), olderOnServer(trail, read), shown, names, ZONE)
    while (page.whole < shown + PAGE && read < trail.length) {
      read = Math.min(read + FETCH, trail.length)
      page = trailPage(trail.slice(0, read), olderOnServer(trail, read), shown, names, ZONE)
    }
    steps.push({
      rows: page.visible.map((row) => row.text),
      more: Math.min(PAGE, page.hidden),
      hidden: page.hidden,
    })
    if (page.hidden === 0) return steps
    shown += PAGE
  }
}

describe("the audit trail's Show more, by the rows shown", () => {
  it('a weekly pattern is one row: each press adds the rows it says, and counts what is left', () => {
    const trail = [...pattern(65), ...singles(60), ...pattern(130), ...singles(20), ...pattern(3)]
    const all = auditRows(trail, names, ZONE).map((row) => row.text)
    expect(all).toHaveLength(1 + 60 + 1 + 20 + 1)
    const steps = walk(trail)
    expect(steps.map((step) => step.rows.length)).toEqual([25, 50, 75, 83])
    for (const step of steps) {
      // Every row shown is the whole row ("created 65 slots", never a part read so far)…
      expect(step.rows).toEqual(all.slice(0, step.rows.length))
      // …and the button counts the rows not shown.
      expect(step.hidden).toBe(all.length - step.rows.length)
    }
    // "Show 25 more" added 25 rows each time, the last "Show 8 more" 8.
    expect(steps.map((step) => step.more)).toEqual([25, 25, 8, 0])
    expect(steps[0]?.rows[0]).toMatch(/^Dr\. Ana Weber created 65 slots/)
  })

  it('a pattern read in part is not shown as a row of its own until read whole, but counted', () => {
    const trail = [...pattern(130), ...singles(5)]
    const page = trailPage(trail.slice(0, FETCH), olderOnServer(trail, FETCH), PAGE, names, ZONE)
    expect(page).toMatchObject({ visible: [], hidden: 6 })
    const whole = trailPage(trail, olderOnServer(trail, trail.length), PAGE, names, ZONE)
    expect(whole.visible).toHaveLength(6)
    expect(whole.visible[0]?.text).toMatch(/created 130 slots/)
    expect(whole.hidden).toBe(0)
  })

  it('a trail of single entries pages as before: 25 at a time, counting every one', () => {
    const steps = walk(singles(130))
    expect(steps.map((step) => [step.rows.length, step.more, step.hidden])).toEqual([
      [25, 25, 105],
      [50, 25, 80],
      [75, 25, 55],
      [100, 25, 30],
      [125, 5, 5],
      [130, 0, 0],
    ])
  })
})
