/** The server's configuration, read from the environment once at start-up and validated with zod. */
import { z } from 'zod'

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

export const AppConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Real PostgreSQL when set; embedded PGlite otherwise. */
  DATABASE_URL: z.url().optional(),
  PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24 * 7),
  SEED_DEMO: booleanFlag.default(true),
  /** Interval of the replication stream's heartbeat comments. */
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** How often each server process polls for committed changes to wake streams (the feed's latency). */
  FEED_POLL_MS: z.coerce.number().int().min(5).max(10_000).default(15),
  /**
   * Pacing of stream wake-ups (wakeAudience.ts): when one poll wakes N streams, each waits at least
   * N x STREAM_WAKE_SPACING_MS (at most STREAM_MAX_WAKE_SPACING_MS) before its next wake-up.
   */
  STREAM_WAKE_SPACING_MS: z.coerce.number().min(0).max(1000).default(10),
  STREAM_MAX_WAKE_SPACING_MS: z.coerce.number().int().min(0).max(10_000).default(250),
})
export type AppConfig = z.infer<typeof AppConfig>

/** Parses `env`; throws one readable error listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = AppConfig.safeParse(env)
  if (!parsed.success) throw new Error(`Invalid configuration:\n${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** Defaults for tests and embedding; `overrides` win. */
export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...AppConfig.parse({}), ...overrides }
}
