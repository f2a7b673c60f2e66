/** User rows: creation and look-ups for sign-in and sessions. Passwords arrive already hashed. */
import { randomUUID } from 'node:crypto'
import type { ProviderListing } from '../../shared/bookingConfirmation.js'
import { DomainError, ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { profileZoneField } from '../../shared/policy.js'
import type { Role, UpdateProfileBody, User } from '../../shared/schemas.js'
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
  phone: string | null
  display_time_zone: string | null
}

const USER_COLUMNS = 'id, email, name, role, time_zone, password_hash, phone, display_time_zone'

function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    timeZone: row.time_zone,
    phone: row.phone,
    displayTimeZone: row.display_time_zone,
  }
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
export async function listProviders(tx: Queryable): Promise<ProviderListing[]> {
  const { rows } = await tx.query<UserRow & { auto_confirm: boolean }>(
    `SELECT ${USER_COLUMNS}, auto_confirm FROM users
     WHERE id IN (SELECT user_id FROM memberships
                  WHERE organisation_id = app_current_organisation() AND role IN ('provider', 'admin'))
     ORDER BY name`,
  )
  return rows.map((r) => ({ ...userFromRow(r), email: r.email, autoConfirm: r.auto_confirm }))
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

/** Profile columns a user may change, by the body's field name. */
const PROFILE_COLUMNS = {
  name: 'name',
  phone: 'phone',
  timeZone: 'time_zone',
  displayTimeZone: 'display_time_zone',
} as const satisfies Record<keyof UpdateProfileBody, string>

/**
 * Changes the signed-in user's own profile. A provider sets their business zone, a customer the zone
 * they read times in (shared/policy.ts profileZoneField); asking for the other is refused, nothing changed.
 */
export async function updateProfile(
  tx: Queryable,
  actor: { userId: string; role: Role },
  changes: UpdateProfileBody,
): Promise<Outcome<User>> {
  const zoneField = profileZoneField(actor.role)
  const otherZone = zoneField === 'timeZone' ? 'displayTimeZone' : 'timeZone'
  if (changes[otherZone] !== undefined) {
    return refused(
      ErrorCode.VALIDATION_FAILED,
      { field: otherZone, allowed: zoneField },
      zoneField === 'timeZone'
        ? 'Providers set their business time zone (timeZone); every time is shown in it.'
        : 'Customers choose the zone they read times in (displayTimeZone).',
    )
  }
  const fields = (Object.keys(PROFILE_COLUMNS) as (keyof UpdateProfileBody)[]).filter(
    (field) => changes[field] !== undefined,
  )
  const assignments = fields.map((field, i) => `${PROFILE_COLUMNS[field]} = $${i + 2}`)
  const { rows } = await tx.query<UserRow>(
    fields.length === 0
      ? `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`
      : `UPDATE users SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [actor.userId, ...fields.map((field) => changes[field] ?? null)],
  )
  const row = rows[0]
  if (!row) return refused(ErrorCode.UNAUTHENTICATED, undefined, 'The signed-in user no longer exists.')
  return accepted(userFromRow(row))
}
