/** Which machine a bench result came from: printed above the table and stored in the JSON. */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { cpuLineTicks } from './processCpu.js'

export interface MachineInfo {
  cpuModel: string
  cores: number
  memoryGiB: number
  node: string
  os: string
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  }
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (match?.[1]) return match[1].trim()
  } catch {
    // not Linux: fall through to what node knows
  }
  return os.cpus()[0]?.model ?? 'unknown'
}

/** The machine's CPU time so far (/proc/stat, all CPUs, in clock ticks), or null off Linux. */
export interface CpuTicks {
  total: number
  /** Time the hypervisor gave the virtual CPUs' turn to something else (steal). */
  steal: number
}

export function cpuTicks(): CpuTicks | null {
  try {
    const fields = cpuLineTicks(readFileSync('/proc/stat', 'utf8'))
    if (fields.length < 8) return null
    // user to steal; guest and guest_nice are already within user and nice.
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0)
    return { total, steal: fields[7] as number }
  } catch {
    return null
  }
}

/** The share of the CPU time between two readings that the hypervisor took (steal), or null. */
export function stolenShare(start: CpuTicks | null, end: CpuTicks | null): number | null {
  if (!start || !end || end.total <= start.total) return null
  return (end.steal - start.steal) / (end.total - start.total)
}
