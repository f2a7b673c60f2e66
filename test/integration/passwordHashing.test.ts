/**
 * Password hashes at OWASP's scrypt minimum (N = 2^17, r = 8, p = 1): a hash stored with the old
 * parameters (N = 2^14) still signs in, and that sign-in rewrites it with the new ones; a wrong or
 * NUL-padded password neither signs in nor rewrites anything.
 */
import { randomBytes, randomUUID, scryptSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword, needsRehash, verifyPassword } from '../../server/auth/passwords.js'
import { findUserByEmail, insertUser } from '../../server/domain/users.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ PASSWORD_HASH_COST: 17 })
})
afterAll(async () => {
  await server?.close()
})

/** A hash as the previous release stored it: scrypt N = 2^14, r = 8, p = 1, computed here, not by the app. */
function legacyHash(password: string): string {
  const salt = randomBytes(16)
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 2 ** 14, r: 8, p: 1 })
  return ['scrypt', 2 ** 14, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
}

async function storedHash(email: string): Promise<string> {
  const user = await findUserByEmail(server.db, email)
  if (!user) throw new Error(`no user ${email}`)
  return user.passwordHash
}

describe('password hashing', () => {
  it('hashes new passwords with N = 2^17, r = 8, p = 1', async () => {
    const hash = await hashPassword('a new password')
    expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1'])
    expect(await verifyPassword('a new password', hash)).toBe(true)
    expect(needsRehash(hash)).toBe(false)
    expect(needsRehash(legacyHash('x'))).toBe(true)
  })

  it('signs in with a hash of the old parameters and rewrites it with the new ones', async () => {
    const email = `legacy-${randomUUID().slice(0, 8)}@test.example`
    const password = 'an old password'
    const old = legacyHash(password)
    await insertUser(server.db, { email, name: 'Legacy', role: 'customer', passwordHash: old })

    // Neither a wrong password nor one padded with NUL signs in, and neither touches the hash.
    const wrong = await server.api().post('/api/session', { email, password: 'not it' })
    expect(wrong.status).toBe(401)
    const padded = await server.api().post('/api/session', { email, password: `${password}\u0000` })
    expect(padded.status).toBe(400)
    expect(await storedHash(email)).toBe(old)

    const first = await server.api().post('/api/session', { email, password })
    expect(first.status).toBe(201)
    const upgraded = await storedHash(email)
    expect(upgraded).not.toBe(old)
    expect(upgraded.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1'])
    expect(await verifyPassword(password, upgraded)).toBe(true)

    // The new hash signs in as well and is kept as it is.
    const second = await server.api().post('/api/session', { email, password })
    expect(second.status).toBe(201)
    expect(await storedHash(email)).toBe(upgraded)
  })

  it('does not accept a NUL-padded password even where a key derivation would pad it away', async () => {
    const hash = await hashPassword('demo-password')
    expect(await verifyPassword('demo-password', hash)).toBe(true)
    expect(await verifyPassword('demo-password\u0000', hash)).toBe(false)
    expect(await verifyPassword('demo-password\u0000\u0000', hash)).toBe(false)
  })
})
