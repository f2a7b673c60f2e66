/**
 * Server settings every test server starts with unless a test overrides them. Tests fire hundreds
 * of requests a second from one IP (127.0.0.1) and create users by the dozen, so the rate limits
 * are raised out of reach and scrypt runs at 2^14 instead of OWASP's 2^17 (the config accepts a
 * lower cost only under NODE_ENV=test). The rate-limit and password tests set their own values.
 */
import type { AppConfig } from '../../server/config.js'

export const TEST_SERVER_SETTINGS = {
  RATE_LIMIT_SIGN_IN_PER_IP: 1_000_000,
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT: 1_000_000,
  RATE_LIMIT_WRITES_PER_USER: 1_000_000,
  RATE_LIMIT_PUSHES_PER_USER: 1_000_000,
  RATE_LIMIT_READS_PER_USER: 1_000_000,
  PASSWORD_HASH_COST: 14,
} satisfies Partial<AppConfig>

/** The same as environment variables, for server processes (the cost only where NODE_ENV=test allows it). */
export function testServerEnv(): Record<string, string> {
  const { PASSWORD_HASH_COST, ...limits } = TEST_SERVER_SETTINGS
  const env = Object.fromEntries(Object.entries(limits).map(([key, value]) => [key, String(value)]))
  if (process.env.NODE_ENV === 'test') env.PASSWORD_HASH_COST = String(PASSWORD_HASH_COST)
  return env
}
