/** Opaque session tokens: 32 random bytes for the client, their SHA-256 for the database. */
import { createHash, randomBytes } from 'node:crypto'

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
