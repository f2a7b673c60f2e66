/**
 * CPU time of the server process and of the PostgreSQL backends serving the bench database, read
 * from /proc (Linux): what one booking's fan-out costs beyond the booking itself.
 */
import { readFile } from 'node:fs/promises'
import type { Queryable } from '../../server/db/database.js'

const TICKS_PER_SECOND = 100

/** utime + stime of a process in ms; 0 when it is gone. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
  return (ticks * 1000) / TICKS_PER_SECOND
}

/**
 * The pids of the backends connected to the current database, except the asking one; with
 * `applicationName`, only those of clients that gave it (PGAPPNAME of a child process).
 */
export async function databaseBackends(db: Queryable, applicationName?: string): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND ($1::text IS NULL OR application_name = $1)`,
    [applicationName ?? null],
  )
  return rows.map((r) => r.pid)
}

export async function totalCpuMs(pids: readonly number[]): Promise<number> {
  let sum = 0
  for (const pid of pids) sum += await processCpuMs(pid)
  return sum
}

/** CPU time of the whole machine in ms (every process and the kernel, summed over cores): /proc/stat. */
export async function machineCpuMs(): Promise<number> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => '')
  // User to softirq but idle and iowait. Not steal (the hypervisor's time for other guests: no work
  // of this machine's), nor guest and guest_nice (already within user and nice).
  const fields = cpuLineTicks(stat).slice(0, 7)
  const busy = fields.reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + (v || 0)), 0)
  return (busy * 1000) / TICKS_PER_SECOND
}

/**
 * The machine-wide line of /proc/stat's text, in clock ticks summed over CPUs: user nice system idle
 * iowait irq softirq steal guest guest_nice (empty when there is none).
 */
export function cpuLineTicks(stat: string): number[] {
  const line = stat.split('\n', 1)[0] ?? ''
  return line.startsWith('cpu ') ? line.trim().split(/\s+/).slice(1).map(Number) : []
}

/**
 * CPU of the database's backends over a stretch of time, counting those that connect or disconnect
 * within it (a pool's idle connections close, new ones open: a before/after difference over the
 * backends of the moment missed or went negative on them). The backends are looked up every
 * `everyMs`; each one's CPU counts from its first sight (from 0 for one that connected meanwhile)
 * to its last. `stop` answers the sum in ms. With `applicationName`, only those backends (databaseBackends).
 */
export async function trackDatabaseCpu(
  db: Queryable,
  everyMs = 250,
  applicationName?: string,
): Promise<{ stop(): Promise<number> }> {
  const first = new Map<number, number>()
  const last = new Map<number, number>()
  let started = false
  const sample = async () => {
    for (const pid of await databaseBackends(db, applicationName)) {
      const cpu = await processCpuMs(pid)
      if (!first.has(pid)) first.set(pid, started ? 0 : cpu)
      last.set(pid, cpu)
    }
  }
  await sample()
  started = true
  let sampling = Promise.resolve()
  const timer = setInterval(() => {
    sampling = sampling.then(sample)
  }, everyMs)
  return {
    async stop() {
      clearInterval(timer)
      await sampling
      await sample()
      let sum = 0
      for (const [pid, cpu] of last) sum += cpu - (first.get(pid) ?? 0)
      return sum
    },
  }
}
