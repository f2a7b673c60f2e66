/**
 * When a failed delivery is tried again, and when it is given up: exponential backoff with jitter
 * (the n-th retry waits between d and 2d, d = base x 2^(n-1), capped at max), at most maxAttempts
 * attempts and never past maxAgeMs after the delivery started. Pure, so it is tested alone.
 */
export interface RetryPolicy {
  baseMs: number
  maxMs: number
  maxAttempts: number
  maxAgeMs: number
}

/** Wait before the attempt after `attemptsSoFar` failed ones; `random` in [0, 1). */
export function retryDelayMs(policy: RetryPolicy, attemptsSoFar: number, random: number): number {
  const exponent = Math.min(Math.max(attemptsSoFar - 1, 0), 30)
  const delay = Math.min(policy.maxMs / 2, policy.baseMs * 2 ** exponent)
  return Math.round(delay + delay * random)
}

/** The next attempt's time, or null when the delivery is to be given up. */
export function nextAttemptAt(
  policy: RetryPolicy,
  attemptsSoFar: number,
  startedAt: Date,
  now: Date,
  random: number = Math.random(),
): Date | null {
  if (attemptsSoFar >= policy.maxAttempts) return null
  const at = new Date(now.getTime() + retryDelayMs(policy, attemptsSoFar, random))
  return at.getTime() - startedAt.getTime() > policy.maxAgeMs ? null : at
}
