/**
 * Pulling changes with a checkpoint, without ever missing one (invariant 4).
 *
 * Why not a sequence: a row stamped with a sequence number or timestamp becomes visible when its
 * transaction commits, not when the number was drawn. Transaction A draws 7, B draws 8 and commits,
 * a device pulls "after 7" and gets 8, then A commits: its row 7 sorts before the device's
 * checkpoint and is never sent.
 *
 * What we do instead (PgQ's batching idea): every write stamps the row with the writing
 * transaction's id (`change_xid`, by trigger), and a checkpoint is a PostgreSQL snapshot, which
 * says exactly which transactions had committed when it was taken. A pull runs in one REPEATABLE
 * READ transaction, takes S2 = pg_current_snapshot() (the snapshot its reads see) and returns the
 * rows whose change_xid is visible in S2 but was not visible in the device's previous snapshot S1.
 * A committed transaction is invisible in every snapshot taken before its commit and visible in
 * every snapshot taken after, so it falls into exactly one window (S1, S2] of a device's chain of
 * snapshots, whatever order transactions committed in: nothing is missed and nothing repeats.
 * A row rewritten later carries the later xid and moves to the later window (the device gets its
 * newest state then). `change_xid >= pg_snapshot_xmin(S1)` is the index range: anything older was
 * visible in S1 already.
 *
 * A window larger than one page is read page by page in (change_xid, id) order, keeping S1 and S2
 * in the checkpoint with `after` = the last row sent. Each page reads one row more than it returns,
 * so the page holding the window's last row already closes the window (the next checkpoint starts
 * from S2). A page is therefore empty only when the window is exhausted; this matters because RxDB's
 * downstream loop stops at the first empty page WITHOUT storing that page's checkpoint: an empty page
 * carrying an advanced checkpoint would be answered forever with the same empty page (the device
 * stalls).
 *
 * RxDB also assumes that a page with fewer than batchSize documents shows the server as of that
 * request: a wake-up (stream RESYNC) that arrived while its multi-page pull was running is dropped
 * once a later page has been requested (downstream.ts, `lastTimeMasterChangesRequested`). A
 * continuation page reads its window as of the window's end, which may be long ago, so a page
 * that finishes its window with room to spare reads on into the next window (until, now] in the
 * same request. This also keeps a continuation page from coming back empty when the window's
 * remaining rows were all rewritten since (they carry a newer xid and belong to the later window).
 * Both were found by the replication property test (test/integration/replicationProperty.test.ts).
 * Invariant 4 in docs/INVARIANTS.md.
 *
 * A horizon (a customer's slots, slotHorizon.ts): the device's view is the rows in scope that start
 * before the horizon's end H, or are always in view (slots the customer holds a booking on). H is in
 * the checkpoint and only grows. A window (S1, S2] read with end H2, by a device whose end was H1,
 * sends the rows of the view at H2 whose change_xid is in (S1, S2], plus, when H2 > H1, every row
 * visible in S2 starting in [H1, H2) whatever its change_xid (the band: those rows entered the view by
 * time passing, without changing; tombstones skipped as on a first pull). Proof that nothing is
 * missed: a row in the device's view at S2 either was in its view at S1 (start < H1, or always in
 * view then) and is then sent iff it changed in (S1, S2], as without a horizon; or it entered in
 * between, by time (start in [H1, H2): the band sends it) or by becoming always-in-view, which happens
 * only in a transaction that also rewrites the row (a booking taking a seat updates its slot's
 * counter; a refused booking holds no seat and brings no slot into view), so its change_xid is in
 * (S1, S2]. Start times never change. The band is fixed with the window (it is in the checkpoint of
 * the window's continuation pages), so the (change_xid, id) keyset walks one fixed set of rows.
 */
import type { Checkpoint } from '../../shared/replication.js'
import type { Role } from '../../shared/schemas.js'
import type { Database } from '../db/database.js'
import { nextHorizon } from './slotHorizon.js'

/** Where a collection's rows come from; `select` and `scope` may use $1 = the caller's user id. */
export interface ChangeSource<Row> {
  /** Alias of the replicated table (which has id, change_xid and deleted columns). */
  alias: string
  select: string
  from: string
  /** The rows each role may see (least privilege, as in the REST API). */
  scope: Record<Role, string>
  toDocument(row: Row, now: Date): unknown
  /**
   * Optional: the roles whose view is bounded by a time horizon (see the header), the row's time
   * column, and the rows of each such role that are in view whatever the horizon (may use $1).
   */
  horizon?: { roles: readonly Role[]; column: string; alwaysInView: string }
}

export interface Pulled {
  documents: unknown[]
  checkpoint: Checkpoint
}

/** The pull query of a source: one constant SQL text; everything from the request is a parameter. */
export function pullStatement(source: ChangeSource<never>, role: Role): string {
  const t = source.alias
  const horizon = hasHorizon(source, role) ? source.horizon : undefined
  // $7 = the band's start (the device's old end, or null), $8 = the window's end H (null: no bound).
  // Every statement takes $7 and $8 (typed even where unused), so that callers need not tell them apart.
  const inView = horizon
    ? ` AND ($8::timestamptz IS NULL OR ${horizon.column} < $8::timestamptz OR (${horizon.alwaysInView}))`
    : ' AND ($7::timestamptz IS NULL OR $8::timestamptz IS NULL OR TRUE)'
  const band = horizon
    ? ` OR ($7::timestamptz IS NOT NULL AND ${horizon.column} >= $7::timestamptz AND NOT ${t}.deleted)`
    : ''
  return `SELECT ${source.select}
    FROM ${source.from}
    WHERE (${source.scope[role]})${inView}
      AND (($2::pg_snapshot IS NULL
           OR (${t}.change_xid >= pg_snapshot_xmin($2::pg_snapshot)
               AND NOT pg_visible_in_snapshot(${t}.change_xid, $2::pg_snapshot)))
      -- a device without a checkpoint has nothing to delete: skip tombstones on the first pass
      AND ($2::pg_snapshot IS NOT NULL OR NOT ${t}.deleted)${band})
      AND ${t}.change_xid < pg_snapshot_xmax($3::pg_snapshot)
      AND pg_visible_in_snapshot(${t}.change_xid, $3::pg_snapshot)
      AND ($4::xid8 IS NULL OR (${t}.change_xid, ${t}.id) > ($4::xid8, $5::uuid))
    ORDER BY ${t}.change_xid, ${t}.id
    LIMIT $6`
}

/** Whether the role's view of the source is bounded by a horizon (its statement takes $7 and $8). */
export function hasHorizon(source: ChangeSource<never>, role: Role): boolean {
  return source.horizon?.roles.includes(role) ?? false
}

/**
 * The horizon a new window (since, until] is read with: its end (the device's end moved to
 * `horizonNow` when that is later), and the band that entered, or null fields without a horizon.
 */
function newWindow(
  since: string | null,
  until: string,
  held: Checkpoint | null,
  horizonNow: Date | null | undefined,
): Checkpoint {
  const window: Checkpoint = { since, until, after: null }
  if (horizonNow === undefined) return window
  const end = nextHorizon(held?.horizon, since === null, horizonNow)
  const old = held?.horizon ?? null
  const advanced = since !== null && old !== null && (end === null || Date.parse(end) > Date.parse(old))
  return { ...window, horizon: end, band: advanced ? old : null }
}

/**
 * `horizonNow`: for a source and role with a horizon, the end the configuration gives now (null: no
 * bound); undefined for the others.
 */
export async function pullChanges<Row extends { id: string; rev: string }>(
  db: Database,
  source: ChangeSource<Row>,
  statement: string,
  userId: string,
  checkpoint: Checkpoint | null,
  batchSize: number,
  horizonNow?: Date | null,
): Promise<Pulled> {
  const since = checkpoint?.since ?? null
  return db.transaction(
    async (tx) => {
      // The first statement fixes the transaction's snapshot; a new window ends at it.
      const now = await tx.query<{ snapshot: string; now: Date }>(
        'SELECT pg_current_snapshot()::text AS snapshot, now() AS now',
      )
      const head = now.rows[0]
      if (!head) throw new Error('pg_current_snapshot() returned no row')
      const read = (window: Checkpoint, limit: number) =>
        tx.query<Row>(statement, [
          userId,
          window.since,
          window.until,
          window.after?.xid ?? null,
          window.after?.id ?? null,
          limit,
          window.band ?? null,
          window.horizon ?? null,
        ])
      // A continuation page first finishes its window; a page that still has room then reads on
      // into the window (until, now], so that every page short of batchSize is up to date as of
      // this request (see the header: RxDB drops the wake-ups that arrived during a multi-page pull).
      const windows: Checkpoint[] = checkpoint?.until
        ? [checkpoint, newWindow(checkpoint.until, head.snapshot, checkpoint, horizonNow)]
        : [newWindow(since, head.snapshot, checkpoint, horizonNow)]
      const rows: Row[] = []
      let next: Checkpoint = closed(windows[0] as Checkpoint, head.snapshot)
      for (const window of windows) {
        const room = batchSize - rows.length
        if (room === 0) break
        // One row more than there is room for says whether the window goes on after this page.
        const page = (await read(window, room + 1)).rows
        if (page.length > room) {
          rows.push(...page.slice(0, room))
          const last = rows.at(-1) as Row
          next = { ...window, after: { xid: last.rev, id: last.id } }
          break
        }
        rows.push(...page)
        next = closed(window, window.until as string)
      }
      const clock = new Date(head.now)
      return { documents: rows.map((row) => source.toDocument(row, clock)), checkpoint: next }
    },
    { isolation: 'repeatable read', readOnly: true },
  )
}

/** The checkpoint after a finished window: its end, and the horizon it was read with (no band). */
function closed(window: Checkpoint, until: string): Checkpoint {
  const next: Checkpoint = { since: until, until: null, after: null }
  return window.horizon === undefined ? next : { ...next, horizon: window.horizon }
}
