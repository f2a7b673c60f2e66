/**
 * What booking several seats in one statement saves in the database alone (server/domain/seatBatcher.ts
 * decides when the server does it): pgbench drives, on a fresh bench database, the single booking
 * statement (bookSeat.ts, the bench's raw side) and the batch statement (bookSeats.ts) with K random
 * slots a statement at a few client counts, and reports bookings/s and the machine's CPU per booking.
 * `npx tsx test/bench/bookingStatementProbe.ts` (DATABASE_URL as the bench; PROBE_ROUNDS=2, runs of 3 s).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { creationNotice } from '../../server/domain/bookSeat.js'
import { BOOK_SEATS_SQL } from '../../server/domain/bookSeats.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { seedBenchData } from './benchFixtures.js'
import { benchIdSql } from './benchIds.js'
import { findPgbench } from './pgbench.js'
import { machineCpuMs } from './processCpu.js'
import { bookingTransactionForPgbench } from './rawBookingSql.js'

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const run = promisify(execFile)
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 2)
const SLOTS = 1000
const CUSTOMERS = 32

const quoted = (value: string | undefined) => (value === undefined ? 'NULL' : `'${value}'`)
/** pgbench's SQL for a fresh booking id from the integer variables :a<i> and :b<i>. */
const bookingId = (i: number) =>
  `(lpad(to_hex(:a${i}::bigint), 8, '0') || '-0000-4000-a000-' || lpad(to_hex(:b${i}::bigint), 12, '0'))::uuid`
const draws = (i: number) => [
  `\\set s${i} random(1, ${SLOTS})`,
  `\\set a${i} random(0, 4294967295)`,
  `\\set b${i} random(0, 281474976710655)`,
]
const oneLine = (sql: string) =>
  sql
    .replace(/--[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim()

function singleScript(): string {
  const statement = bookingTransactionForPgbench({
    booking: bookingId(0),
    slot: benchIdSql('slot', ':s0::bigint'),
    customer: benchIdSql('customer', ':cust::bigint'),
  })
  return [...draws(0), `\\set cust random(1, ${CUSTOMERS})`, statement].join('\n')
}

/** K bookings on K random slots, of one customer or of K, no session check (as the raw side has none). */
function batchScript(k: number, customers: 'one' | 'each' = 'one'): string {
  const each = (f: (i: number) => string) => Array.from({ length: k }, (_, i) => f(i)).join(', ')
  const pending = creationNotice('customer', 'PENDING')
  const confirmed = creationNotice('customer', 'CONFIRMED')
  const values = [
    `ARRAY[${each(bookingId)}]`,
    `ARRAY[${each((i) => benchIdSql('slot', `:s${i}::bigint`))}]`,
    `ARRAY[${each(() => "''")}]::text[]`,
    `ARRAY[${each((i) => benchIdSql('customer', customers === 'one' ? ':cust::bigint' : `:c${i}::bigint`))}]`,
    quoted(pending?.kind),
    quoted(confirmed?.kind),
    quoted(pending?.target),
    quoted(confirmed?.target),
    `ARRAY[${each(() => 'NULL')}]::text[]`,
  ]
  const sql = BOOK_SEATS_SQL.replace(/\$(\d+)/g, (_, n: string) => `(${values[Number(n) - 1]})`)
  const lines = Array.from({ length: k }, (_, i) => [
    ...draws(i),
    `\\set c${i} random(1, ${CUSTOMERS})`,
  ]).flat()
  return [...lines, `\\set cust random(1, ${CUSTOMERS})`, `${oneLine(sql)};`].join('\n')
}

const pgbench = findPgbench()
if (!pgbench) throw new Error('the probe needs pgbench')
const fresh = await openTestDatabase()
const dir = await mkdtemp(path.join(tmpdir(), 'statement-probe-'))
try {
  await seedBenchData(fresh.db, { customers: CUSTOMERS, spreadSlots: SLOTS, hotSlots: 0 })
  const variants: { name: string; rows: number; clients: number; script: string }[] = [
    { name: 'single statement', rows: 1, clients: 8, script: singleScript() },
    { name: 'batch of 2', rows: 2, clients: 4, script: batchScript(2) },
    { name: 'batch of 4', rows: 4, clients: 2, script: batchScript(4) },
    { name: 'batch of 4', rows: 4, clients: 4, script: batchScript(4) },
    { name: '4, 4 customers', rows: 4, clients: 2, script: batchScript(4, 'each') },
    { name: 'batch of 8', rows: 8, clients: 1, script: batchScript(8) },
  ]
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of variants) {
      const file = path.join(dir, 'probe.sql')
      await writeFile(file, v.script)
      const before = await machineCpuMs()
      const { stdout } = await run(
        pgbench,
        [
          '-n',
          '-Mprepared',
          `-f${file}`,
          `-c${v.clients}`,
          `-j${Math.min(v.clients, 2)}`,
          '-T3',
          fresh.url as string,
        ],
        { timeout: 30_000, killSignal: 'SIGKILL' },
      )
      const cpu = (await machineCpuMs()) - before
      const statements = Number(/processed: (\d+)/.exec(stdout)?.[1] ?? 0)
      const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0)
      const latency = /latency average = ([\d.]+)/.exec(stdout)?.[1]
      console.log(
        `round ${round}  ${v.name.padEnd(16)} ${String(v.clients).padStart(2)} clients  ${(tps * v.rows).toFixed(0).padStart(5)} bookings/s  statement ${latency} ms  machine CPU ${(cpu / (statements * v.rows)).toFixed(2)} ms/booking`,
      )
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true })
  await fresh.dispose()
}
