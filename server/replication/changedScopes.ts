/**
 * Which scopes changed between two snapshots of the database: the change feed's one query.
 *
 * Every write stamps its rows with the writing transaction's xid (change_xid), and a snapshot says
 * exactly which transactions had committed when it was taken, so the rows committed after snapshot
 * S1 and up to S2 are those whose change_xid is visible in S2 and not in S1: the same (S1, S2]
 * window pullChanges.ts reads for a device, here read for everyone at once and reduced to its
 * scopes (whose slots, whose bookings). A transaction that commits late with a low xid still lands
 * in exactly one window, so no wake-up is lost to commit order. `change_xid >= xmin(S1)` is the
 * index range (slots_change, bookings_change): anything older was visible in S1 already. The range
 * starts at the oldest transaction still running at S1, so a long-running transaction makes each
 * poll re-read the rows changed since it began (filtered out, not re-announced): keep write
 * transactions short, as the pulls need anyway.
 *
 * One statement: in READ COMMITTED, pg_current_snapshot() is the snapshot the statement reads with,
 * so the window's end and the rows read agree without a transaction around them.
 */
import type { CollectionName } from '../../shared/replication.js'
import type { Queryable } from '../db/database.js'

/**
 * One change as far as wake-ups care: a collection, the provider it belongs to, the booking's (or
 * waitlist entry's) customer. A notification names its one reader in both.
 */
export interface ChangedScope {
  collection: CollectionName
  /** The organisation the row belongs to: a change wakes only that organisation's streams. */
  organisationId: string
  providerId: string
  /** The booking's customer; null for a slot. */
  customerId: string | null
}

export interface HorizonStep {
  /** S2, the start of the next window. */
  snapshot: string
  changes: ChangedScope[]
}

const CHANGED_SCOPES = `
  WITH horizon AS (SELECT pg_current_snapshot() AS s2),
  changed AS (
    SELECT DISTINCT 'slots' AS collection, s.organisation_id::text AS organisation_id, s.provider_id::text AS provider_id, NULL::text AS customer_id
    FROM slots s
    WHERE s.change_xid >= pg_snapshot_xmin($1::pg_snapshot)
      AND NOT pg_visible_in_snapshot(s.change_xid, $1::pg_snapshot)
    UNION
    SELECT DISTINCT 'bookings', b.organisation_id::text, b.provider_id::text, b.customer_id::text
    FROM bookings b
    WHERE b.change_xid >= pg_snapshot_xmin($1::pg_snapshot)
      AND NOT pg_visible_in_snapshot(b.change_xid, $1::pg_snapshot)
    UNION
    SELECT DISTINCT 'waitlist', w.organisation_id::text, w.provider_id::text, w.customer_id::text
    FROM waitlist w
    WHERE w.change_xid >= pg_snapshot_xmin($1::pg_snapshot)
      AND NOT pg_visible_in_snapshot(w.change_xid, $1::pg_snapshot)
    UNION
    -- a notification has one reader: both ids name it, so it is found whatever its role
    SELECT DISTINCT 'notifications', n.organisation_id::text, n.user_id::text, n.user_id::text
    FROM notifications n
    WHERE n.change_xid >= pg_snapshot_xmin($1::pg_snapshot)
      AND NOT pg_visible_in_snapshot(n.change_xid, $1::pg_snapshot)
  )
  SELECT h.s2::text AS snapshot, c.collection, c.organisation_id, c.provider_id, c.customer_id
  FROM horizon h LEFT JOIN changed c ON $1::pg_snapshot IS NOT NULL`

interface ScopeRow {
  snapshot: string
  collection: CollectionName | null
  organisation_id: string | null
  provider_id: string | null
  customer_id: string | null
}

/** The scopes changed since `since` (none on the first step, which only fixes where the feed starts). */
export async function changedScopesSince(db: Queryable, since: string | null): Promise<HorizonStep> {
  const { rows } = await db.query<ScopeRow>(CHANGED_SCOPES, [since])
  const first = rows[0]
  if (!first) throw new Error('the change feed query returned no row')
  const changes: ChangedScope[] = []
  for (const row of rows) {
    if (row.collection && row.provider_id && row.organisation_id) {
      changes.push({
        collection: row.collection,
        organisationId: row.organisation_id,
        providerId: row.provider_id,
        customerId: row.customer_id,
      })
    }
  }
  return { snapshot: first.snapshot, changes }
}
