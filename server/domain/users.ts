/** User rows: creation and look-ups for sign-in and sessions. Passwords arrive already hashed. */
import { randomUUID } from 'node:crypto'
import { DomainError, ErrorCode } from '../../shared/errors.js'
import type { Role, User } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

export interface NewUser {
  id?: string
  email: string
  name: string
  role: Role
  passwordHash: string
  timeZone?: string
  autoConfirm?: boolean
}

interface UserRow {
  id: string
  email: string
  name: string
  role: Role
  time_zone: string
  password_hash: string
}

const USER_COLUMNS = 'id, email, name, role, time_zone, password_hash'

function userFromRow(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, timeZone: row.time_zone }
}

export async function insertUser(tx: Queryable, user: NewUser): Promise<User> {
  const { rows } = await tx.query<UserRow>(
    `INSERT INTO users (id, email, name, role, password_hash, time_zone, auto_confirm)
     VALUES ($1, lower($2), $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [
      user.id ?? randomUUID(),
      user.email,
      user.name,
      user.role,
      user.passwordHash,
      user.timeZone ?? 'UTC',
      user.autoConfirm ?? false,
    ],
  )
  if (!rows[0])
    throw new DomainError(ErrorCode.CONFLICT, 'That email is already registered.', { email: user.email })
  return userFromRow(rows[0])
}

export async function findUserByEmail(
  tx: Queryable,
  email: string,
): Promise<(User & { passwordHash: string }) | null> {
  const { rows } = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = lower($1)`, [
    email,
  ])
  return rows[0] ? { ...userFromRow(rows[0]), passwordHash: rows[0].password_hash } : null
}

export async function findUserById(tx: Queryable, id: string): Promise<User | null> {
  const { rows } = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])
  return rows[0] ? userFromRow(rows[0]) : null
}

export async function countUsers(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ n: string | number }>('SELECT count(*) AS n FROM users')
  return Number(rows[0]?.n ?? 0)
}

/**
 * The providers of the transaction's organisation (its providers and admins, who may publish slots),
 * for the customer's filter list (public profile fields only). Users are global: the membership is
 * what confines the list to the organisation.
 */
export async function listProviders(tx: Queryable): Promise<User[]> {
  const { rows } = await tx.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users
     WHERE id IN (SELECT user_id FROM memberships
                  WHERE organisation_id = app_current_organisation() AND role IN ('provider', 'admin'))
     ORDER BY name`,
  )
  return rows.map((r) => ({ ...userFromRow(r), email: r.email }))
}

/**
 * Replaces a password hash with a stronger one of the same password (sign-in upgrades old hashes).
 * Only while the row still holds `oldHash`: a password changed meanwhile is not overwritten.
 */
export async function replacePasswordHash(
  tx: Queryable,
  userId: string,
  oldHash: string,
  newHash: string,
): Promise<void> {
  await tx.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [
    userId,
    oldHash,
    newHash,
  ])
}
