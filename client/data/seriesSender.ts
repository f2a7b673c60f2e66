/**
 * Sends the series waiting in the device's outbox (seriesOutbox.ts) to the server, one at a time,
 * through replication's request tracking: a network failure, a 429 (after its Retry-After), a 5xx or
 * an expired session means "try again later" (the series keeps waiting, and replication's pause,
 * cut short when the network is back, spaces the attempts); only the server's refusal of the series
 * as a whole (e.g. its first slot deleted) ends it as refused. Each week's own refusal (full, blocked,
 * past) is part of the answer, not a refusal of the series.
 * Sending the same series twice is harmless: the server is idempotent on the series id.
 */
import { filter } from 'rxjs'
import type { BookingSeries } from '../../shared/bookingOperations.js'
import { DomainError, ErrorCode } from '../../shared/errors.js'
import type { ClientDatabase } from './database.js'
import { isWaiting, type SeriesRequest, seriesOutbox } from './seriesOutbox.js'
import { isTransientFailure } from './serverApi.js'

export interface SeriesSenderOptions {
  /** POST /api/bookings/series; after a failure it returns only once it is time to try again. */
  send(request: SeriesRequest): Promise<BookingSeries>
  /** A series was answered: its booked weeks are on the server (pull them). */
  onAnswered(): void
}

export interface SeriesSender {
  stop(): void
}

/** True when the request may succeed later: it is not the server refusing this series. */
export function retryLater(error: unknown): boolean {
  return (
    isTransientFailure(error) || (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED)
  )
}

export function startSeriesSender(db: ClientDatabase, options: SeriesSenderOptions): SeriesSender {
  const outbox = seriesOutbox(db)
  let stopped = false
  let running = false
  let again = false

  /** Sends every waiting series; runs once at a time, and again if asked meanwhile or a send failed. */
  async function drain(): Promise<void> {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        for (const series of (await outbox.current()).filter(isWaiting)) {
          if (stopped) return
          try {
            await outbox.answered(series.id, await options.send(series.request))
            options.onAnswered()
          } catch (error) {
            if (stopped) return
            if (retryLater(error)) {
              again = true
              break
            }
            const refusal = error as DomainError
            await outbox.refused(series.id, { code: refusal.code, message: refusal.message })
          }
        }
      } while (again && !stopped)
    } finally {
      running = false
    }
  }

  const subscription = outbox.series$
    .pipe(filter((list) => list.some(isWaiting)))
    .subscribe(() => void drain().catch(() => {}))
  return {
    stop() {
      stopped = true
      subscription.unsubscribe()
    },
  }
}
