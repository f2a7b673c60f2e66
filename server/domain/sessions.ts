/** Session rows. Only a SHA-256 of each token is stored, so a database leak yields no usable token. */
import type { MembershipRole } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

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

export interface SessionActor {
  userId: string
  /**
   * The membership the request works in: the one in `organisationId` when the request names one,
   * else the user's first; null when the user is no member there (or of anything).
   */
  membership: { organisationId: string; organisationRole: MembershipRole } | null
}

/**
 * The user behind an unexpired session and their membership, in one round trip (the session check
 * of every request). Sessions, users and memberships are global tables: no organisation is needed
 * to read them.
 */
export async function actorForSession(
  tx: Queryable,
  tokenHash: string,
  organisationId: string | null = null,
): Promise<SessionActor | null> {
  const { rows } = await tx.query<{
    id: string
    organisation_id: string | null
    role: MembershipRole | null
  }>(
    `SELECT u.id, m.organisation_id, m.role FROM sessions s JOIN users u ON u.id = s.user_id
     LEFT JOIN LATERAL (
       SELECT organisation_id, role FROM memberships
       WHERE user_id = u.id AND ($2::uuid IS NULL OR organisation_id = $2::uuid)
       ORDER BY created_at, organisation_id LIMIT 1
     ) m ON true
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash, organisationId],
  )
  const row = rows[0]
  if (!row) return null
  const membership =
    row.organisation_id && row.role
      ? { organisationId: row.organisation_id, organisationRole: row.role }
      : null
  return { userId: row.id, membership }
}

export async function deleteSession(tx: Queryable, tokenHash: string): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
}

export async function deleteExpiredSessions(tx: Queryable): Promise<number> {
  const { rowCount } = await tx.query('DELETE FROM sessions WHERE expires_at <= now()')
  return rowCount
}
