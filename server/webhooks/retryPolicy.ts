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

/** Failed deliveries that go on together: retried as one job at `retryAt`, or (null) given up. */
export interface RetryGroup<T> {
  items: T[]
  retryAt: Date | null
}

/**
 * The failed attempts of one batch, grouped by what happens next: those given up, and those retried
 * after the same number of attempts (so with the same backoff d), at most `maxPerGroup` a group, due
 * at the earliest of their own times: each still waits between d and 2d.
 */
export function retryGroups<T>(
  policy: RetryPolicy,
  failed: readonly T[],
  facts: (item: T) => { attemptsSoFar: number; startedAt: Date },
  now: Date,
  maxPerGroup: number,
  random: () => number = Math.random,
): RetryGroup<T>[] {
  const givenUp: T[] = []
  const byAttempts = new Map<number, RetryGroup<T>>()
  for (const item of failed) {
    const { attemptsSoFar, startedAt } = facts(item)
    const at = nextAttemptAt(policy, attemptsSoFar, startedAt, now, random())
    if (!at) {
      givenUp.push(item)
      continue
    }
    const group = byAttempts.get(attemptsSoFar) ?? { items: [], retryAt: at }
    group.items.push(item)
    if (group.retryAt && at < group.retryAt) group.retryAt = at
    byAttempts.set(attemptsSoFar, group)
  }
  const retried = [...byAttempts.values()].flatMap((g) =>
    chunks(g.items, maxPerGroup).map((items) => ({ items, retryAt: g.retryAt })),
  )
  return givenUp.length > 0 ? [{ items: givenUp, retryAt: null }, ...retried] : retried
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
