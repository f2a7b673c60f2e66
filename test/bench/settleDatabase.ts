/**
 * Lets PostgreSQL finish what the stage before left it before the next stage starts, so no stage
 * pays for its predecessor: the dirty buffers of a stage that wrote a lot (the NOTIFY experiment's
 * pgbench runs, the insights seed) are written by a CHECKPOINT now instead of during the next
 * stage's throughput runs, and autovacuum workers busy with those rows are waited for (bounded).
 * Measured before this existed: the fan-out stages right after the NOTIFY experiment ran 588 bookings/s
 * without devices, against 828 when run alone a few minutes later on the same quiet machine.
 */
import pg from 'pg'

export interface Settled {
  waitedMs: number
  autovacuumStillRunning: number
}

export async function settleDatabase(url: string, maxMs = 60_000): Promise<Settled> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const started = Date.now()
  try {
    await client.query('CHECKPOINT')
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'",
      )
      const running = rows[0]?.n ?? 0
      if (running === 0 || Date.now() - started > maxMs)
        return { waitedMs: Date.now() - started, autovacuumStillRunning: running }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  } finally {
    await client.end()
  }
}
