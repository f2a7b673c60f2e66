/** Printing the change-feed figures (NOTIFY experiment, fan-out) and judging their targets (issue 15). */
import type { FanOutFigures, LoadCpu } from './fanOut.js'
import type { NotifyRow } from './notifyExperiment.js'
import { type Table, textTable } from './textTable.js'
import type { TargetVerdict } from './throughputReport.js'

export const FANOUT_PULLS_TARGET = 10
export const FANOUT_THROUGHPUT_RATIO_TARGET = 0.8
export const FANOUT_DELIVERY_P99_TARGET_MS = 250
/** Issue 15: with every device watching the same provider, throughput may fall to half. */
export const SHARED_WATCH_THROUGHPUT_RATIO_TARGET = 0.5

export interface FeedFigures {
  notify: NotifyRow[] | null
  fanOut: FanOutFigures
  /** Every device a customer browsing the booked provider's slots (measureFanOut 'customers'). */
  shared?: FanOutFigures
}

export function feedTargets({ fanOut, shared }: FeedFigures): TargetVerdict[] {
  const k = `${fanOut.devices} devices, ${fanOut.seeing} can see it`
  const sharedTargets: TargetVerdict[] = shared
    ? [
        {
          figure: `booking throughput, 8 clients: ${shared.devices} live devices all watching the provider / none`,
          target: `>= ${SHARED_WATCH_THROUGHPUT_RATIO_TARGET}`,
          value: shared.throughputRatio,
          met: shared.throughputRatio >= SHARED_WATCH_THROUGHPUT_RATIO_TARGET,
        },
        {
          figure: `booking -> every one of ${shared.devices} watching devices shows the change, p99 (ms)`,
          target: `< ${FANOUT_DELIVERY_P99_TARGET_MS}`,
          value: shared.deliveryP99Ms,
          met: shared.deliveryP99Ms < FANOUT_DELIVERY_P99_TARGET_MS,
        },
      ]
    : []
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
    ...sharedTargets,
  ]
}

export function feedTable({ notify, fanOut, shared }: FeedFigures): Table {
  const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a')
  const cpuSplit = (cpu: LoadCpu) =>
    `${f(cpu.server, 2)} / ${f(cpu.database, 2)} / ${f(cpu.bench, 2)} / ${f(cpu.devices ?? 0, 2)}`
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
      `${fanOut.pullsPerBooking} / ${fanOut.blindPullsPerBooking}  (target total <= ${FANOUT_PULLS_TARGET}); stream messages taken instead: ${fanOut.streamedPerBooking ?? 'n/a'}`,
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
  if (shared) {
    const all = `${shared.devices} devices all watching the provider`
    rows.push(
      [
        `5c pulls / stream messages taken per booking, ${all}`,
        `${shared.pullsPerBooking} / ${shared.streamedPerBooking}`,
      ],
      [
        `5c CPU for one booking incl. its fan-out: server / PostgreSQL (ms), ${all}`,
        `${f(shared.serverCpuMsPerBooking)} / ${f(shared.databaseCpuMsPerBooking)}`,
      ],
      [
        `5c CPU per booking under load: server / PostgreSQL / booking clients / devices (their own process, nice 19), no devices | ${all} (ms)`,
        `${cpuSplit(shared.loadCpuMsPerBooking.noDevices)} | ${cpuSplit(shared.loadCpuMsPerBooking.withDevices)}`,
      ],
      [
        `5b / 5c during the throughput runs, per booking: pulls / stream messages taken by the devices`,
        `${f(fanOut.loadPullsPerBooking ?? Number.NaN, 1)} / ${f(fanOut.loadStreamedPerBooking ?? Number.NaN, 1)} | ${f(shared.loadPullsPerBooking ?? Number.NaN, 1)} / ${f(shared.loadStreamedPerBooking ?? Number.NaN, 1)}`,
      ],
      [
        `5c booking -> every watching device shows it, ${shared.bookings} bookings: p50 / p99 (ms)`,
        `${f(shared.deliveryP50Ms)} / ${f(shared.deliveryP99Ms)}  (target p99 < ${FANOUT_DELIVERY_P99_TARGET_MS})`,
      ],
      [
        `5c booking throughput, 8 HTTP clients: no devices / ${all} (bookings/s)`,
        `${f(shared.throughputNoDevices.throughput, 0)} / ${f(shared.throughputWithDevices.throughput, 0)} = ${f(shared.throughputRatio, 2)}  (target >= ${SHARED_WATCH_THROUGHPUT_RATIO_TARGET})`,
      ],
    )
  }
  return { header: ['figure', 'value'], rows }
}

export function printFeed(figures: FeedFigures): void {
  console.log('\nChange feed (issue 15)')
  const table = feedTable(figures)
  console.log(textTable(table.header, table.rows))
}
