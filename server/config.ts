/** The server's configuration, read from the environment once at start-up and validated with zod. */
import { z } from 'zod'

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

/** A positive request count per rate-limit window. */
const limit = (fallback: number) => z.coerce.number().int().min(1).max(10_000_000).default(fallback)

/** OWASP's minimum for scrypt: N = 2^17 (r = 8, p = 1). */
export const OWASP_SCRYPT_LOG2_N = 17

export const AppConfig = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Real PostgreSQL when set; embedded PGlite otherwise. */
    DATABASE_URL: z.url().optional(),
    /**
     * The role the request pool logs in as (same host and database as DATABASE_URL): not the tables'
     * owner, no BYPASSRLS, so row-level security binds every request (migration 011 creates
     * `uniservice_app`). On PGlite each request transaction runs SET LOCAL ROLE to it instead.
     */
    DATABASE_APP_USER: z.string().min(1).max(63).default('uniservice_app'),
    /** Its password, where the server does not trust local connections. */
    DATABASE_APP_PASSWORD: z.string().min(1).optional(),
    PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 365)
      .default(24 * 7),
    /**
     * Demo data into an empty database, and its passwords at /api/demo-credentials for the sign-in
     * screen. On by default for `npm start`; off by default when NODE_ENV=production, and never
     * to be turned on there.
     */
    SEED_DEMO: booleanFlag.optional(),
    /** Interval of the replication stream's heartbeat comments. */
    STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /**
     * How often each process checks that its open replication streams' sessions and memberships are
     * still as they were opened (a removed member's stream ends: server/replication/streamAccess.ts).
     */
    STREAM_ACCESS_CHECK_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
    /** Bearer token of the Prometheus scraper for GET /metrics; the endpoint is off when unset. */
    METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
    /** How long notifications are kept before they are pruned (replicated as deletions). */
    NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** How often the maintenance job expires past waitlist entries and prunes old notifications. */
    MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    /**
     * Days ahead a customer's device replicates slots (the bookable horizon, issue 13): the slots
     * starting before the end of today + this many days (UTC), plus those of its own bookings; later
     * weeks are read online. 0: the whole future. Providers always replicate all their own slots.
     */
    SLOT_HORIZON_DAYS: z.coerce.number().int().min(0).max(3650).default(56),
    /**
     * Booking statements of one slot that may run at once in a process; REST bookings of the slot
     * beyond that wait and go together in its next statement (server/domain/seatBatcher.ts). 0: every
     * booking is its own statement at once (no batching).
     */
    BOOKING_STATEMENTS_IN_FLIGHT: z.coerce.number().int().min(0).max(1000).default(1),
    /** Bookings one batched statement takes at most. */
    BOOKING_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(64),
    /** How often each server process polls for committed changes to wake streams (the feed's latency). */
    FEED_POLL_MS: z.coerce.number().int().min(5).max(10_000).default(15),
    /** The same while the process has no stream open (the polls only keep the feed's snapshot recent). */
    FEED_IDLE_POLL_MS: z.coerce.number().int().min(5).max(60_000).default(1000),
    /**
     * Pacing of stream wake-ups (wakeAudience.ts): when one poll wakes N streams, each waits at least
     * N x STREAM_WAKE_SPACING_MS (at most STREAM_MAX_WAKE_SPACING_MS) before its next wake-up.
     */
    STREAM_WAKE_SPACING_MS: z.coerce.number().min(0).max(1000).default(10),
    STREAM_MAX_WAKE_SPACING_MS: z.coerce.number().int().min(0).max(10_000).default(250),
    /**
     * Behind a load balancer or proxy: whose X-Forwarded-For to believe, so per-IP limits see the
     * client's address, not the proxy's. The proxies' addresses or CIDRs separated by commas, or
     * `true` to believe any (only where nothing else can reach the server). Unset: the TCP peer.
     */
    TRUST_PROXY: z
      .string()
      .min(1)
      .optional()
      .transform((v): boolean | string =>
        v === undefined || v === 'false' ? false : v === 'true' ? true : v,
      ),
    /** Rate-limit counters live in this Redis when set (shared by every server process); in memory otherwise. */
    REDIS_URL: z.url().optional(),
    /** Prefix of the rate-limit keys in Redis (tests give each server its own). */
    RATE_LIMIT_NAMESPACE: z.string().min(1).max(100).default('uniservice-rate-limit:'),
    /** Length of one rate-limit window; every limit below counts requests per window. */
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    /** Sign-in attempts per client IP. */
    RATE_LIMIT_SIGN_IN_PER_IP: limit(30),
    /** Sign-in attempts per account (the email), from any number of IPs. */
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT: limit(10),
    /** REST writes (POST, PATCH, DELETE) per signed-in user. */
    RATE_LIMIT_WRITES_PER_USER: limit(120),
    /** Replication pushes (each up to one batch of documents) per signed-in user. */
    RATE_LIMIT_PUSHES_PER_USER: limit(240),
    /** Reads (GETs, pulls, stream connections) per user, or per IP before signing in. */
    RATE_LIMIT_READS_PER_USER: limit(3000),
    /**
     * scrypt cost as log2(N). 17 is OWASP's minimum and the only floor outside tests; a test run
     * (NODE_ENV=test, as vitest sets) may lower it to keep creating users and signing in fast.
     */
    PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(OWASP_SCRYPT_LOG2_N),
    // ---- webhooks (README "Webhooks") ----
    /** Deliver webhooks from this process (the queue's worker and the outbox relay). */
    WEBHOOK_DELIVERY: booleanFlag.default(true),
    /**
     * Allow endpoint URLs on loopback and private addresses (localhost, 127.0.0.1, 10/8, 192.168/16,
     * ...). Off in production (server-side request forgery); on by default elsewhere, where tests
     * deliver to receivers on 127.0.0.1.
     */
    WEBHOOK_ALLOW_PRIVATE_HOSTS: booleanFlag.optional(),
    /** One attempt's time limit: a receiver that hangs is cut off after this long and retried. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** First retry after about this long (x 1..2 jitter), doubling each attempt up to WEBHOOK_RETRY_MAX_MS. */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
    /** A delivery gives up after this many attempts or once its event is this old, whichever first. */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(15),
    WEBHOOK_MAX_AGE_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .max(30 * 86_400_000)
      .default(3 * 86_400_000),
    /** An endpoint whose every attempt has failed for this long is disabled (the UI says why). */
    WEBHOOK_DISABLE_AFTER_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(30 * 86_400_000)
      .default(86_400_000),
    /** After a rotation the old secret keeps signing (a second signature) for this long. */
    WEBHOOK_SECRET_GRACE_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 86_400_000)
      .default(86_400_000),
    /** How often each process moves newly written deliveries from the outbox into the job queue. */
    WEBHOOK_RELAY_MS: z.coerce.number().int().min(5).max(60_000).default(200),
    /** Deliveries one process attempts at once. */
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
    NODE_ENV: z.string().optional(),
  })
  .refine((c) => c.PASSWORD_HASH_COST >= OWASP_SCRYPT_LOG2_N || c.NODE_ENV === 'test', {
    message: `PASSWORD_HASH_COST below ${OWASP_SCRYPT_LOG2_N} is for tests only (NODE_ENV=test)`,
    path: ['PASSWORD_HASH_COST'],
  })
  .transform((c) => ({
    ...c,
    SEED_DEMO: c.SEED_DEMO ?? c.NODE_ENV !== 'production',
    WEBHOOK_ALLOW_PRIVATE_HOSTS: c.WEBHOOK_ALLOW_PRIVATE_HOSTS ?? c.NODE_ENV !== 'production',
  }))
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
