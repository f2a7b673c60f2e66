/**
 * The insights rollup: a provider's bookings and slots of local days that ended more than
 * CLOSED_AFTER ago, aggregated per day (insightsGroups.ts) into insights_day_bookings (per service
 * and currency) and insights_day_slots, so that a year's insights sum a few thousand day rows
 * instead of aggregating every booking and every slot.
 *
 * Nothing in the booking path writes it. The maintenance job refreshes it; in between, bookings
 * and slots keep changing (completed, cancelled, deleted, created after the fact, moved, blocked)
 * and the insights read must never use an outdated day. The rule that makes that impossible to miss:
 *
 * - A refresh runs as one statement, so in one snapshot, and records that snapshot's xmin as the
 *   watermark. Every transaction with an xid below it had ended when the snapshot was taken, so
 *   its writes are in the rollup.
 * - Every write of a booking or slot stamps its row with the writing transaction's xid
 *   (change_xid, the replication key, set by a trigger whoever writes). A transaction that had not
 *   ended then has an xid at or above the watermark, and so does every later one: a day with a
 *   booking or slot stamped at or above it may be outdated, and is read live (found by the
 *   *_org_change indexes).
 * - A booking or slot that leaves a day (a reschedule, a hard delete) is no longer there to be
 *   seen: migration 020's triggers note the start it left in insights_rollup_stale, in the same
 *   transaction, and that day is read live too until a refresh has recomputed it.
 *
 * Days are the provider's local days in the time zone the state row records; after a change of
 * zone the rollup is not used and the next refresh rebuilds it. Services (names) are read live; a
 * booking's price is the one it was made at and a later price change does not touch it.
 */
import type { Queryable } from '../db/database.js'
import {
  FACTS_OF_BOOKING,
  DAY_BOOKING_FIGURES,
  DAY_SLOT_FIGURES,
  FIGURE_COLUMNS,
  SEAT_HOLDING,
  SLOT_FIGURE_COLUMNS,
  localDay,
} from './insightsGroups.js'

/**
 * How long after its end a local day moves into the rollup. Most late changes (completing, a
 * no-show's cancellation) come within a day; later ones are read live until the next refresh.
 */
export const CLOSED_AFTER = '1 day'

/**
 * For the insights and rollup statements, until the caller's transaction ends. The planner cannot
 * know how few days a refresh left to read live and estimates hundreds of thousands of rows: with
 * JIT on, PostgreSQL then spent seconds compiling a statement that runs in milliseconds (measured
 * here: 17 s of JIT for 20 ms of execution). Enough memory to hash 100,000s of bookings when a
 * provider has no rollup yet.
 */
export const LOCAL_SETTINGS = "SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)"

/** The provider's ($1) rollup state in the transaction's organisation: one row, or none before the first refresh. */
export const ROLLUP_STATE = `SELECT watermark, closed_before, time_zone FROM insights_rollup_state
    WHERE organisation_id = app_current_organisation() AND provider_id = $1`

/**
 * Starts of the bookings and slots that may have changed since the refresh of `rollup_state` (a
 * CTE of ROLLUP_STATE): written at or above the watermark, or noted as left.
 */
export const CHANGED_STARTS = `
    SELECT b.start_time FROM rollup_state r
    JOIN bookings b ON b.organisation_id = app_current_organisation() AND b.change_xid >= r.watermark
    WHERE b.provider_id = $1
    UNION ALL
    SELECT s.start_time FROM rollup_state r
    JOIN slots s ON s.organisation_id = app_current_organisation() AND s.change_xid >= r.watermark
    WHERE s.provider_id = $1
    UNION ALL
    SELECT l.start_time FROM insights_rollup_stale l
    WHERE l.organisation_id = app_current_organisation() AND l.provider_id = $1`

/**
 * The CTEs that aggregate provider $1's bookings and slots starting in `ranges` (a CTE of period,
 * starts, ends; `provider` gives the zone): `<name>_bookings` per period, local day, service and
 * currency; `<name>_slots` per period, local day and whether the slot has started. Both the
 * refresh and the live part of the insights statement use them.
 */
export function dayFiguresCtes(name: string, ranges: string): string {
  const inRange = (
    alias: string,
  ) => `${alias}.organisation_id = app_current_organisation() AND ${alias}.provider_id = $1
      AND ${alias}.start_time >= r.starts AND ${alias}.start_time < r.ends`
  return `
  ${name}_seats AS MATERIALIZED (
    SELECT b.slot_id, count(*) FILTER (WHERE ${SEAT_HOLDING} AND NOT b.deleted) AS seats
    FROM ${ranges} r JOIN bookings b ON ${inRange('b')}
    GROUP BY b.slot_id
  ),
  ${name}_bookings AS (
    SELECT r.period, ${localDay('b.start_time')} AS day, b.service_id, b.currency,
      ${DAY_BOOKING_FIGURES}
    FROM provider, ${ranges} r
    JOIN bookings b ON ${inRange('b')}
    ${FACTS_OF_BOOKING}
    WHERE NOT b.deleted
    GROUP BY r.period, 2, b.service_id, b.currency
  ),
  ${name}_slots AS (
    SELECT s.period, ${localDay('s.start_time')} AS day, s.start_time <= now() AS past, ${DAY_SLOT_FIGURES}
    FROM provider, (
      SELECT r.period, s.*, coalesce(n.seats, 0) AS seats
      FROM ${ranges} r JOIN slots s ON ${inRange('s')}
      LEFT JOIN ${name}_seats n ON n.slot_id = s.id
      WHERE NOT s.deleted
    ) s
    GROUP BY s.period, 2, 3
  )`
}

const upsert = (columns: readonly string[]) => columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')

/**
 * One statement, one snapshot: recomputes the days that changed since the last refresh and those
 * that closed since, drops the rows of days left without bookings or slots, settles the stale
 * notes it has seen and moves the watermark and closed_before (unless there was nothing to do:
 * then the old ones still hold). $1 provider id, $2 CLOSED_AFTER.
 */
const REFRESH_SQL = `
WITH provider AS (SELECT time_zone AS tz FROM users WHERE id = $1),
  rollup_state AS (${ROLLUP_STATE}),
  bounds AS (
    SELECT coalesce((SELECT closed_before FROM rollup_state), '-infinity') AS old_closed,
           greatest(${localDay('now() - $2::interval')}::timestamp AT TIME ZONE provider.tz,
                    (SELECT closed_before FROM rollup_state)) AS new_closed,
           pg_snapshot_xmin(pg_current_snapshot()) AS watermark
    FROM provider
  ),
  changed_days AS (
    SELECT DISTINCT ${localDay('t.start_time')} AS day FROM (${CHANGED_STARTS}) t, provider, bounds
    WHERE t.start_time < bounds.old_closed
  ),
  ranges AS (
    SELECT 'rollup' AS period, old_closed AS starts, new_closed AS ends FROM bounds WHERE old_closed < new_closed
    UNION ALL
    SELECT 'rollup', d.day::timestamp AT TIME ZONE provider.tz, (d.day + 1)::timestamp AT TIME ZONE provider.tz
    FROM changed_days d, provider
  ),
  ${dayFiguresCtes('fresh', 'ranges')},
  written_bookings AS (
    INSERT INTO insights_day_bookings (provider_id, day, service_id, currency, ${FIGURE_COLUMNS.join(', ')})
    SELECT $1::uuid, day, service_id, currency, ${FIGURE_COLUMNS.join(', ')} FROM fresh_bookings
    ON CONFLICT (organisation_id, provider_id, day, service_id, currency) DO UPDATE SET ${upsert(FIGURE_COLUMNS)}
    RETURNING 1
  ),
  written_slots AS (
    INSERT INTO insights_day_slots (provider_id, day, ${SLOT_FIGURE_COLUMNS.join(', ')})
    SELECT $1::uuid, day, ${SLOT_FIGURE_COLUMNS.join(', ')} FROM fresh_slots
    ON CONFLICT (organisation_id, provider_id, day) DO UPDATE SET ${upsert(SLOT_FIGURE_COLUMNS)}
    RETURNING 1
  ),
  emptied_bookings AS (
    DELETE FROM insights_day_bookings g USING changed_days d
    WHERE g.organisation_id = app_current_organisation() AND g.provider_id = $1 AND g.day = d.day
      AND NOT EXISTS (SELECT FROM fresh_bookings f
                      WHERE f.day = g.day AND f.service_id = g.service_id AND f.currency = g.currency)
    RETURNING 1
  ),
  emptied_slots AS (
    DELETE FROM insights_day_slots g USING changed_days d
    WHERE g.organisation_id = app_current_organisation() AND g.provider_id = $1 AND g.day = d.day
      AND NOT EXISTS (SELECT FROM fresh_slots f WHERE f.day = g.day)
    RETURNING 1
  ),
  -- the notes this snapshot sees: the moves they record are in it, so in the days just recomputed
  settled AS (
    DELETE FROM insights_rollup_stale
    WHERE organisation_id = app_current_organisation() AND provider_id = $1
    RETURNING 1
  ),
  moved_on AS (
    INSERT INTO insights_rollup_state (provider_id, time_zone, watermark, closed_before)
    SELECT $1::uuid, provider.tz, bounds.watermark, bounds.new_closed FROM bounds, provider
    -- with nothing to do the state stays as it is (still true): an idle database is not written to
    WHERE EXISTS (SELECT FROM changed_days) OR EXISTS (SELECT FROM fresh_bookings) OR EXISTS (SELECT FROM fresh_slots)
    ON CONFLICT (organisation_id, provider_id) DO UPDATE
      SET time_zone = EXCLUDED.time_zone, watermark = EXCLUDED.watermark,
          closed_before = EXCLUDED.closed_before, refreshed_at = now()
    RETURNING 1
  )
SELECT (SELECT count(*)::int FROM written_bookings) + (SELECT count(*)::int FROM written_slots) AS written,
       (SELECT count(*)::int FROM emptied_bookings) + (SELECT count(*)::int FROM emptied_slots) AS emptied`

const FORGET_SQL = ['insights_day_bookings', 'insights_day_slots', 'insights_rollup_state'].map(
  (table) => `DELETE FROM ${table} WHERE organisation_id = app_current_organisation() AND provider_id = $1`,
)

export interface RollupRefresh {
  /** false: another refresh of the same rollup was running (it does the work) */
  ran: boolean
  /** day rows written (new or recomputed) and removed */
  written: number
  emptied: number
}

/**
 * Brings the provider's rollup in the transaction's organisation up to date. Run it in a READ
 * COMMITTED transaction of its own (the maintenance job does): refreshes of one rollup take turns
 * under a transaction-level advisory lock, and the refresh statement's snapshot, taken after the
 * lock, sees the previous refresh committed.
 */
export async function refreshInsightsRollup(tx: Queryable, providerId: string): Promise<RollupRefresh> {
  const lock = await tx.query<{ scoped: boolean; locked: boolean }>(
    `SELECT app_current_organisation() IS NOT NULL AS scoped,
            pg_try_advisory_xact_lock(hashtext('insights_rollup'), hashtext(app_current_organisation()::text || $1)) AS locked`,
    [providerId],
  )
  // Unscoped, the state row would land in the default organisation over nobody's bookings.
  if (!lock.rows[0]?.scoped) throw new Error('an insights rollup is refreshed in an organisation')
  if (!lock.rows[0].locked) return { ran: false, written: 0, emptied: 0 }
  await tx.query(LOCAL_SETTINGS)
  const state = await tx.query<{ same_zone: boolean }>(
    `SELECT r.time_zone = u.time_zone AS same_zone FROM (${ROLLUP_STATE}) r, users u WHERE u.id = $1`,
    [providerId],
  )
  if (!state.rows[0]?.same_zone) {
    // A first build, a rebuild in the provider's new zone or after TRUNCATE: from nothing.
    for (const sql of FORGET_SQL) await tx.query(sql, [providerId])
  }
  const { rows } = await tx.query<{ written: number; emptied: number }>(REFRESH_SQL, [
    providerId,
    CLOSED_AFTER,
  ])
  return { ran: true, written: rows[0]?.written ?? 0, emptied: rows[0]?.emptied ?? 0 }
}

/** Every provider with services, per organisation: whose rollups the maintenance job keeps. */
export async function insightsRollupOwners(
  q: Queryable,
): Promise<{ organisationId: string; providerId: string }[]> {
  const { rows } = await q.query<{ organisation_id: string; provider_id: string }>(
    'SELECT DISTINCT organisation_id, provider_id FROM services ORDER BY organisation_id, provider_id',
  )
  return rows.map((r) => ({ organisationId: r.organisation_id, providerId: r.provider_id }))
}
