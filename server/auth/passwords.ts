/**
 * Password hashing with scrypt (node:crypto). Stored as `scrypt$N$r$p$salt$hash` (base64url), so a
 * hash keeps the parameters it was made with: raising the cost leaves old hashes verifiable, and
 * `needsRehash` tells sign-in to store a new one (OWASP: N = 2^17, r = 8, p = 1).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { hasControlCharacter } from '../../shared/schemas.js'

const R = 8
const P = 1
const KEY_LENGTH = 32
/** Hashes stored by older versions or with other parameters are still read, up to this cost. */
const MAX_LOG2_N = 20

/** log2(N) of new hashes; the app sets it from config (OWASP's 17 unless a test lowers it). */
let log2N = 17

export function setPasswordHashCost(cost: number): void {
  log2N = cost
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      // scrypt needs 128 * N * r bytes; Node's default maxmem (32 MiB) refuses N = 2^17.
      { N: n, r, p, maxmem: 256 * n * r },
      (err, key) => (err ? reject(err) : resolve(key)),
    )
  })
}

export async function hashPassword(password: string): Promise<string> {
  const n = 2 ** log2N
  const salt = randomBytes(16)
  const key = await derive(password, salt, n, R, P)
  return ['scrypt', n, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

interface StoredHash {
  n: number
  r: number
  p: number
  salt: Buffer
  hash: Buffer
}

function parseStored(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash || rest.length > 0) return null
  const parsed = { n: Number(n), r: Number(r), p: Number(p) }
  const powerOfTwo = Number.isInteger(parsed.n) && parsed.n > 1 && (parsed.n & (parsed.n - 1)) === 0
  if (!powerOfTwo || parsed.n > 2 ** MAX_LOG2_N) return null
  if (!Number.isInteger(parsed.r) || parsed.r < 1 || parsed.r > 32) return null
  if (!Number.isInteger(parsed.p) || parsed.p < 1 || parsed.p > 16) return null
  return { ...parsed, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored)
  if (!parsed || hasControlCharacter(password)) return false
  const key = await derive(password, parsed.salt, parsed.n, parsed.r, parsed.p)
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash)
}

/** True when a stored hash was made with other parameters than new hashes get. */
export function needsRehash(stored: string): boolean {
  const parsed = parseStored(stored)
  return !parsed || parsed.n !== 2 ** log2N || parsed.r !== R || parsed.p !== P
}
