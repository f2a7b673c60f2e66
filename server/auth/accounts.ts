/** Signing up, in, and out: the identity operations built on users, sessions and scrypt. */
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import { newPasswordProblem } from '../../shared/passwords.js'
import type { MembershipRole, Role, User } from '../../shared/schemas.js'
import type { Database, Queryable } from '../db/database.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../domain/organisations.js'
import { deleteSession, storeSession } from '../domain/sessions.js'
import { findUserByEmail, insertUser, replacePasswordHash } from '../domain/users.js'
import { hashPassword, needsRehash, verifyPassword } from './passwords.js'
import { hashSessionToken, newSessionToken } from './sessionTokens.js'

export interface NewAccount {
  id?: string
  email: string
  name: string
  role: Role
  password: string
  timeZone?: string
  autoConfirm?: boolean
  /** The organisation the account joins (default: the default organisation) ... */
  organisationId?: string
  /** ... with this role there (default: `role`). */
  organisationRole?: MembershipRole
}

/** A new user, a member of one organisation. */
export async function createAccount(tx: Queryable, account: NewAccount): Promise<User> {
  const { password, organisationId, organisationRole, ...rest } = account
  // The routes validate with NewPassword already; this keeps any other caller from setting a blank one.
  const problem = newPasswordProblem(password)
  if (problem) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `password: ${problem}`, [
      { code: 'custom', path: ['password'], message: problem },
    ])
  }
  const user = await insertUser(tx, { ...rest, passwordHash: await hashPassword(password) })
  await addMembership(
    tx,
    organisationId ?? DEFAULT_ORGANISATION_ID,
    user.id,
    organisationRole ?? account.role,
  )
  return user
}

/** Compared against when the email is unknown, so both failures take the same time. */
let decoyHash: Promise<string> | undefined

export interface SignedIn {
  token: string
  expiresAt: string
  user: User
}

export async function signIn(
  db: Database,
  email: string,
  password: string,
  ttlHours: number,
): Promise<SignedIn> {
  const found = await findUserByEmail(db, email)
  decoyHash ??= hashPassword('decoy password')
  const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash))
  if (!found || !ok) throw new DomainError(ErrorCode.INVALID_CREDENTIALS, errorMessages.INVALID_CREDENTIALS)
  // The only moment the plain password is at hand: bring a hash made with older parameters up to date.
  if (needsRehash(found.passwordHash)) {
    await replacePasswordHash(db, found.id, found.passwordHash, await hashPassword(password))
  }
  const token = newSessionToken()
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000)
  await storeSession(db, hashSessionToken(token), found.id, expiresAt)
  const { passwordHash: _hash, ...user } = found
  return { token, expiresAt: expiresAt.toISOString(), user }
}

export async function signOut(db: Database, token: string): Promise<void> {
  await deleteSession(db, hashSessionToken(token))
}
