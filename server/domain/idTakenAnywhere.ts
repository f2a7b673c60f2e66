/**
 * Whether a client-made id is taken anywhere, even where row-level security hides the row: ids are
 * global (the primary key refuses a second row with the id in any organisation), so a command that
 * found none here asks the SECURITY DEFINER function of its table before inserting (migrations 030,
 * 032), or the insert fails on the key and takes its whole transaction (a push's batch) with it.
 * Each function answers only yes or no: nothing of the other organisation's row.
 */
import type { Queryable } from '../db/database.js'

const EXISTS_FUNCTION = {
  booking: 'booking_id_exists',
  waitlist: 'waitlist_id_exists',
} as const

export async function idTakenAnywhere(
  tx: Queryable,
  kind: keyof typeof EXISTS_FUNCTION,
  id: string,
): Promise<boolean> {
  const { rows } = await tx.query<{ taken: boolean }>(`SELECT ${EXISTS_FUNCTION[kind]}($1) AS taken`, [id])
  return rows[0]?.taken === true
}
