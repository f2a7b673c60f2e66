/**
 * Figure 1e (with Chromium device-to-device, and issue 16's reconnect-to-refusal): runs the UI latency script
 * (test/bench/uiLatency.ts) as its own process, so Chromium's driver does not share this
 * process's event loop, and reads its two summary lines.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface LatencySummary {
  medianMs: number
  p90Ms: number
  minMs: number
  maxMs: number
  samples: number
}

export interface UiLatencyFigures {
  clickToOptimistic: LatencySummary
  deviceToDeviceChromium: LatencySummary
  /** Issue 16: a provider's device back online to its refused offline change on screen. */
  reconnectToRefusal: LatencySummary
  browser: string
}

export async function measureUiLatency(rounds: number): Promise<UiLatencyFigures> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'test/bench/uiLatency.ts', String(rounds)],
    {
      cwd: REPO_ROOT,
      timeout: 300_000,
      killSignal: 'SIGKILL',
    },
  )
  return {
    clickToOptimistic: summaryLine(stdout, 'click -> optimistic seat change'),
    deviceToDeviceChromium: summaryLine(stdout, 'booking on A -> seat change shown on B'),
    reconnectToRefusal: summaryLine(stdout, 'provider back online -> refused change shown'),
    browser: /^(Chromium [^,]+)/m.exec(stdout)?.[1] ?? 'Chromium',
  }
}

function summaryLine(stdout: string, label: string): LatencySummary {
  const line = stdout.split('\n').find((l) => l.startsWith(label))
  const m =
    line && /median ([\d.]+) ms, p90 ([\d.]+) ms, min ([\d.]+) ms, max ([\d.]+) ms \(n=(\d+)\)/.exec(line)
  if (!m) throw new Error(`uiLatency printed no "${label}" line:\n${stdout}`)
  return {
    medianMs: Number(m[1]),
    p90Ms: Number(m[2]),
    minMs: Number(m[3]),
    maxMs: Number(m[4]),
    samples: Number(m[5]),
  }
}
