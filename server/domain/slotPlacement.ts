/**
 * Applies the shared placement rules (shared/slotRules.ts) to new slots against the provider's
 * slots in the database. A per-provider transaction lock makes "check, then insert" safe: two
 * requests of one provider creating slots at once run one after the other, so neither misses the
 * other's slots.
 */
import { planSlots, type SlotInstant, type SlotPlan, spanOf } from '../../shared/slotRules.js'
import type { Queryable } from '../db/database.js'

export async function placeNewSlots(
  tx: Queryable,
  providerId: string,
  candidates: readonly SlotInstant[],
  now: Date = new Date(),
): Promise<SlotPlan> {
  const span = spanOf(candidates)
  if (!span) return { create: [], skipped: [] }
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('slots:' || $1::text, 0))`, [providerId])
  const { rows } = await tx.query<{ start_time: Date; end_time: Date }>(
    `SELECT start_time, end_time FROM slots
     WHERE provider_id = $1 AND NOT deleted AND start_time < $3 AND end_time > $2`,
    [providerId, span.startTime, span.endTime],
  )
  const existing = rows.map((r) => ({
    startTime: new Date(r.start_time).toISOString(),
    endTime: new Date(r.end_time).toISOString(),
  }))
  // The caller decides: a single slot is refused for its first skip, a pattern creates what fits.
  return planSlots(candidates, existing, now)
}
