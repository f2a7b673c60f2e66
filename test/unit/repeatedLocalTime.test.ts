/**
 * A local time that happens twice on a fall-back night is flagged `repeated` whatever zone the device
 * itself runs in (the weekly form's preview says so: README). The flag once depended on it: Berlin's
 * 02:30 on 31 October 2027 was flagged on a device in UTC but not on one in Berlin, and New York's
 * 01:30 on 1 November 2026 never. Each device zone runs in its own process (TZ is read at start-up).
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const slotRules = fileURLToPath(new URL('../../shared/slotRules.ts', import.meta.url))
const DEVICE_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']

/** The zone the slots are in, the day and the local times asked for. */
const CASES = [
  { zone: 'Europe/Berlin', day: '2027-10-31', times: ['02:30', '09:00'] },
  { zone: 'America/New_York', day: '2026-11-01', times: ['01:30', '09:00'] },
]

/** `expandWeeklyPattern` of every case, run in a process whose own zone is `deviceZone`. */
function expandedOnDevice(deviceZone: string): unknown {
  const script = `
    const { expandWeeklyPattern } = await import(${JSON.stringify(slotRules)})
    const cases = ${JSON.stringify(CASES)}
    console.log(JSON.stringify(cases.map(({ zone, day, times }) => expandWeeklyPattern(
      { fromDate: day, toDate: day, weekdays: [1, 2, 3, 4, 5, 6, 7], startTimes: times, durationMinutes: 60 },
      zone,
    ))))`
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, TZ: deviceZone },
    encoding: 'utf8',
  })
  return JSON.parse(out)
}

describe('a repeated local time, on a device in any zone', () => {
  it.each(DEVICE_ZONES)(
    'device in %s: flagged at its first occurrence, and only then',
    (deviceZone) => {
      expect(expandedOnDevice(deviceZone)).toEqual([
        [
          // 02:30 CEST (00:30Z) comes before 02:30 CET (01:30Z).
          { startTime: '2027-10-31T00:30:00.000Z', endTime: '2027-10-31T01:30:00.000Z', repeated: true },
          { startTime: '2027-10-31T08:00:00.000Z', endTime: '2027-10-31T09:00:00.000Z' },
        ],
        [
          // 01:30 EDT (05:30Z) comes before 01:30 EST (06:30Z).
          { startTime: '2026-11-01T05:30:00.000Z', endTime: '2026-11-01T06:30:00.000Z', repeated: true },
          { startTime: '2026-11-01T14:00:00.000Z', endTime: '2026-11-01T15:00:00.000Z' },
        ],
      ])
    },
    30_000,
  )
})
