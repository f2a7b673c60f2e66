/**
 * At most `max` tasks at once: the webhook workers of one process share one limit
 * (WEBHOOK_CONCURRENCY), however many deliveries the jobs they fetched hold.
 */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>

export function concurrencyLimit(max: number): ConcurrencyLimit {
  let active = 0
  const waiting: (() => void)[] = []
  return async (task) => {
    while (active >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}
