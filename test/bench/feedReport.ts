/** Printing the change-feed figures (NOTIFY experiment, fan-out) and judging their targets (issue 15). */
import type { FanOutFigures } from './fanOut.js'
import type { NotifyRow } from './notifyExperiment.js'
import { type Table, textTable } from './textTable.js'
import type { TargetVerdict } from './throughputReport.js'

export const FANOUT_PULLS_TARGET = 10
export const FANOUT_THROUGHPUT_RATIO_TARGET = 0.8
export const FANOUT_DELIVERY_P99_TARGET_MS = 250

export interface FeedFigures {
  notify: NotifyRow[] | null
  fanOut: FanOutFigures
}

export function feedTargets({ fanOut }: FeedFigures): TargetVerdict[] {
  const k = `${fanOut.devices} devices, ${fanOut.seeing} can see it`
  return [
    {
      figure: `pulls caused by one booking, ${k}`,
      target: `<= ${FANOUT_PULLS_TARGET}`,
      value: fanOut.pullsPerBooking,
      met: fanOut.pullsPerBooking <= FANOUT_PULLS_TARGET,
    },
    {
      figure: `pulls by devices that cannot see the booking, ${k}`,
      target: '0',
      value: fanOut.blindPullsPerBooking,
      met: fanOut.blindPullsPerBooking === 0,
    },
    {
      figure: `booking throughput, 8 clients: ${fanOut.devices} live devices / none`,
      target: `>= ${FANOUT_THROUGHPUT_RATIO_TARGET}`,
      value: fanOut.throughputRatio,
      met: fanOut.throughputRatio >= FANOUT_THROUGHPUT_RATIO_TARGET,
    },
    {
      figure: `booking -> every seeing device has pulled it, p99 (ms), ${k}`,
      target: `< ${FANOUT_DELIVERY_P99_TARGET_MS}`,
      value: fanOut.deliveryP99Ms,
      met: fanOut.deliveryP99Ms < FANOUT_DELIVERY_P99_TARGET_MS,
    },
  ]
}

export function feedTable({ notify, fanOut }: FeedFigures): Table {
  const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a')
  const rows: string[][] = []
  for (const row of notify ?? []) {
    rows.push([
      `5a raw booking SQL (pgbench), ${row.concurrency} clients: tx/s without / with the old NOTIFY trigger`,
      `${f(row.withoutNotify, 0)} / ${f(row.withNotify, 0)}  (runs ${row.runs.withoutNotify.map((v) => v.toFixed(0)).join(', ')} / ${row.runs.withNotify.map((v) => v.toFixed(0)).join(', ')})`,
    ])
  }
  if (!notify) rows.push(['5a NOTIFY experiment', 'skipped (no pgbench)'])
  const k = `${fanOut.devices} devices (${fanOut.seeing} see the slot)`
  rows.push(
    [
      `5b pulls caused by one booking, ${k}: total / by devices that cannot see it`,
      `${fanOut.pullsPerBooking} / ${fanOut.blindPullsPerBooking}  (target total <= ${FANOUT_PULLS_TARGET})`,
    ],
    [
      `5b CPU for one booking incl. its fan-out: server / PostgreSQL (ms)`,
      `${f(fanOut.serverCpuMsPerBooking)} / ${f(fanOut.databaseCpuMsPerBooking)}`,
    ],
    [
      `5b booking -> seeing device has pulled it, ${fanOut.bookings} bookings: p50 / p99 (ms)`,
      `${f(fanOut.deliveryP50Ms)} / ${f(fanOut.deliveryP99Ms)}  (target p99 < ${FANOUT_DELIVERY_P99_TARGET_MS})`,
    ],
    [
      `5b booking throughput, 8 HTTP clients: no devices / ${fanOut.devices} live devices (bookings/s)`,
      `${f(fanOut.throughputNoDevices.throughput, 0)} / ${f(fanOut.throughputWithDevices.throughput, 0)} = ${f(fanOut.throughputRatio, 2)}  (target >= ${FANOUT_THROUGHPUT_RATIO_TARGET})`,
    ],
    [
      '   … booking p50 / p99 (ms): no devices | live devices',
      `${f(fanOut.throughputNoDevices.p50Ms)} / ${f(fanOut.throughputNoDevices.p99Ms)} | ${f(fanOut.throughputWithDevices.p50Ms)} / ${f(fanOut.throughputWithDevices.p99Ms)}`,
    ],
  )
  return { header: ['figure', 'value'], rows }
}

export function printFeed(figures: FeedFigures): void {
  console.log('\nChange feed (issue 15)')
  const table = feedTable(figures)
  console.log(textTable(table.header, table.rows))
}
