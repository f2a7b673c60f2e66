/**
 * The service's operational metrics (Prometheus, via prom-client). One registry per app instance,
 * not prom-client's global one: tests and the bench build several apps in one process, and each
 * must count only its own traffic. Modules record through the `ServiceMetrics` object the app
 * decorates itself with (`app.metrics`); nothing else imports prom-client.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Database } from '../db/database.js'

export interface ServiceMetrics {
  readonly registry: Registry
  /** Every HTTP request, by route pattern (never the raw URL: ids and queries would explode the series). */
  httpRequest(labels: { method: string; route: string; statusCode: number }, seconds: number): void
  /** A booking command's result: 'accepted' or the refusal code (SLOT_FULL, ...). */
  bookingOutcome(outcome: string, via: 'rest' | 'replication'): void
  /** One statement that books REST bookings, with how many it took (server/domain/seatBatcher.ts). */
  bookingStatement(rows: number): void
  /** One replication request: documents pulled or rows pushed, and how long it took. */
  replication(direction: 'pull' | 'push', collection: string, documents: number, seconds: number): void
  /** Open live streams (server-sent events) on this process. */
  streamClients: Gauge
  /** The change feed reports when it last polled successfully (see change_feed_lag_seconds). */
  watchChangeFeed(lastPollAt: () => number): void
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
const SIZE_BUCKETS = [0, 1, 5, 20, 50, 100, 200, 500, 1000]

export function createServiceMetrics(db: Database): ServiceMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const bookings = new Counter({
    name: 'booking_outcomes_total',
    help: "Booking commands by outcome ('accepted' or the refusal code) and entry point",
    labelNames: ['outcome', 'via'] as const,
    registers: [registry],
  })
  const bookingStatements = new Histogram({
    name: 'booking_statement_rows',
    help: 'REST bookings per booking statement (concurrent bookings go together: server/domain/seatBatcher.ts)',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  })
  const replicationSize = new Histogram({
    name: 'replication_documents',
    help: 'Documents per replication request (pulled, or rows pushed)',
    labelNames: ['direction', 'collection'] as const,
    buckets: SIZE_BUCKETS,
    registers: [registry],
  })
  const replicationDuration = new Histogram({
    name: 'replication_request_duration_seconds',
    help: 'Duration of replication pull and push requests',
    labelNames: ['direction', 'collection'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const streamClients = new Gauge({
    name: 'replication_stream_clients',
    help: 'Open live replication streams on this process',
    registers: [registry],
  })
  let feedLastPollAt: (() => number) | null = null
  new Gauge({
    name: 'change_feed_lag_seconds',
    help: 'Seconds since the change feed last polled successfully: a bound on how late this process wakes devices for a commit',
    registers: [registry],
    collect() {
      const at = feedLastPollAt?.() ?? 0
      if (at > 0) this.set((Date.now() - at) / 1000)
    },
  })
  for (const [name, help, pick] of [
    ['db_pool_connections', 'Database pool connections (open)', 'total'],
    ['db_pool_idle_connections', 'Database pool connections idle', 'idle'],
    ['db_pool_waiting_requests', 'Requests waiting for a database connection', 'waiting'],
  ] as const) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = db.poolStats()
        if (stats) this.set(stats[pick])
      },
    })
  }

  return {
    registry,
    httpRequest({ method, route, statusCode }, seconds) {
      http.observe({ method, route, status_code: String(statusCode) }, seconds)
    },
    bookingOutcome(outcome, via) {
      bookings.inc({ outcome, via })
    },
    bookingStatement(rows) {
      bookingStatements.observe(rows)
    },
    replication(direction, collection, documents, seconds) {
      replicationSize.observe({ direction, collection }, documents)
      replicationDuration.observe({ direction, collection }, seconds)
    },
    streamClients,
    watchChangeFeed(lastPollAt) {
      feedLastPollAt = lastPollAt
    },
  }
}
