/**
 * For a command that can only know its outcome after it has written (a series of bookings that must
 * all be taken or none, a bulk change): its writes run under a SAVEPOINT and are rolled back to it on a
 * refusal, so the refusal leaves nothing even though the caller's transaction commits, and without
 * any hand-written undo. Plain SQL on the transaction's own connection, so it behaves the same on
 * PGlite and on pg.
 *
 * The single-row commands do not need it (and do not pay its two extra round trips): each decides its
 * refusal before writing or in the very statement that would write (see server/domain/bookings.ts).
 */
import type { Outcome } from '../../shared/errors.js'
import type { Queryable } from './database.js'

let savepoints = 0

export async function withSavepoint<T>(
  tx: Queryable,
  writes: (tx: Queryable) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  // A name per call, so savepoints nest; the counter is the only input to the SQL text.
  const name = `refusable_${++savepoints}`
  await tx.query(`SAVEPOINT ${name}`)
  let outcome: Outcome<T>
  try {
    outcome = await writes(tx)
  } catch (error) {
    // Unexpected: undo to the savepoint if the connection still answers, and let the caller's
    // transaction fail as it would have without us.
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {})
    throw error
  }
  await tx.query(outcome.ok ? `RELEASE SAVEPOINT ${name}` : `ROLLBACK TO SAVEPOINT ${name}`)
  return outcome
}
