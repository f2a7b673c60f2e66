/** Session rows. Only a SHA-256 of each token is stored, so a database leak yields no usable token. */
import type { Role } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'

export async function storeSession(
  tx: Queryable,
  tokenHash: string,
  userId: string,
  expiresAt: Date,
): Promise<void> {
  await tx.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    tokenHash,
    userId,
    expiresAt,
  ])
}

/** The actor behind an unexpired session, or null. */
export async function actorForSession(tx: Queryable, tokenHash: string): Promise<Actor | null> {
  const { rows } = await tx.query<{ id: string; role: Role }>(
    `SELECT u.id, u.role FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  )
  return rows[0] ? { userId: rows[0].id, role: rows[0].role } : null
}

export async function deleteSession(tx: Queryable, tokenHash: string): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
}

export async function deleteExpiredSessions(tx: Queryable): Promise<number> {
  const { rowCount } = await tx.query('DELETE FROM sessions WHERE expires_at <= now()')
  return rowCount
}
