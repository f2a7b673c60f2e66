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
 * stalls). Invariant 4 in docs/INVARIANTS.md.
 */
import type { Checkpoint } from '../../shared/replication.js'
import type { Role } from '../../shared/schemas.js'
import type { Database } from '../db/database.js'

/** Where a collection's rows come from; `select` and `scope` may use $1 = the caller's user id. */
export interface ChangeSource<Row> {
  /** Alias of the replicated table (which has id, change_xid and deleted columns). */
  alias: string
  select: string
  from: string
  /** The rows each role may see (least privilege, as in the REST API). */
  scope: Record<Role, string>
  toDocument(row: Row, now: Date): unknown
}

export interface Pulled {
  documents: unknown[]
  checkpoint: Checkpoint
}

/** The pull query of a source: one constant SQL text; everything from the request is a parameter. */
export function pullStatement(source: ChangeSource<never>, role: Role): string {
  const t = source.alias
  return `SELECT ${source.select}
    FROM ${source.from}
    WHERE (${source.scope[role]})
      AND ($2::pg_snapshot IS NULL
           OR (${t}.change_xid >= pg_snapshot_xmin($2::pg_snapshot)
               AND NOT pg_visible_in_snapshot(${t}.change_xid, $2::pg_snapshot)))
      -- a device without a checkpoint has nothing to delete: skip tombstones on the first pass
      AND ($2::pg_snapshot IS NOT NULL OR NOT ${t}.deleted)
      AND ${t}.change_xid < pg_snapshot_xmax($3::pg_snapshot)
      AND pg_visible_in_snapshot(${t}.change_xid, $3::pg_snapshot)
      AND ($4::xid8 IS NULL OR (${t}.change_xid, ${t}.id) > ($4::xid8, $5::uuid))
    ORDER BY ${t}.change_xid, ${t}.id
    LIMIT $6`
}

export async function pullChanges<Row extends { id: string; rev: string }>(
  db: Database,
  source: ChangeSource<Row>,
  statement: string,
  userId: string,
  checkpoint: Checkpoint | null,
  batchSize: number,
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
      const until = checkpoint?.until ?? head.snapshot
      const after = checkpoint?.until ? checkpoint.after : null
      const { rows } = await tx.query<Row>(statement, [
        userId,
        since,
        until,
        after?.xid ?? null,
        after?.id ?? null,
        batchSize + 1,
      ])
      const more = rows.length > batchSize
      if (more) rows.length = batchSize
      const last = rows.at(-1)
      const next: Checkpoint =
        more && last
          ? { since, until, after: { xid: last.rev, id: last.id } }
          : { since: until, until: null, after: null }
      const clock = new Date(head.now)
      return { documents: rows.map((row) => source.toDocument(row, clock)), checkpoint: next }
    },
    { isolation: 'repeatable read', readOnly: true },
  )
}
