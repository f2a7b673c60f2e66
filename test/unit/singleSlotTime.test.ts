/**
 * The provider's single-slot form reads its date and time by the weekly pattern's rule
 * (slotAtLocalTime in shared/slotRules.ts). A walk found it took 02:30 on the last Sunday of March in
 * Europe/Berlin, a time the clocks skip, and silently made a 03:30 slot; and it read 02:30 on the
 * night the clocks go back as the first 02:30 on some devices and the second on others (a device in
 * New York made it 02:30 GMT+1), where the weekly form always takes the first and says so.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { singleSlotTime } from '../../client/features/provider/slotBasics.js'

const BERLIN = 'Europe/Berlin'
const NEW_YORK = 'America/New_York'

describe('the single-slot form on the night the clocks go forward', () => {
  it('refuses a time the zone skips that day, in words at the time field, and creates nothing', () => {
    expect(singleSlotTime('2027-03-28', '02:30', 60, BERLIN)).toEqual({
      slot: null,
      timeProblem:
        '02:30 does not exist on Sun 28 Mar in Europe/Berlin: the clocks go forward that night. ' +
        'Pick another time, such as 03:30.',
      repeatedNote: null,
    })
    expect(singleSlotTime('2027-03-14', '02:00', 45, NEW_YORK)).toMatchObject({
      slot: null,
      timeProblem:
        '02:00 does not exist on Sun 14 Mar in America/New_York: the clocks go forward that night. ' +
        'Pick another time, such as 03:00.',
    })
  })

  it('takes the times either side of the gap as they are', () => {
    expect(singleSlotTime('2027-03-28', '01:59', 60, BERLIN).slot).toEqual({
      startTime: '2027-03-28T00:59:00.000Z',
      endTime: '2027-03-28T01:59:00.000Z',
    })
    expect(singleSlotTime('2027-03-28', '03:00', 60, BERLIN)).toEqual({
      slot: { startTime: '2027-03-28T01:00:00.000Z', endTime: '2027-03-28T02:00:00.000Z' },
      timeProblem: null,
      repeatedNote: null,
    })
    // The same 02:30 a day earlier exists.
    expect(singleSlotTime('2027-03-27', '02:30', 60, BERLIN).slot?.startTime).toBe('2027-03-27T01:30:00.000Z')
  })

  it('a malformed date or time is no slot and no time problem (the inputs say so themselves)', () => {
    expect(singleSlotTime('2027-02-30', '09:00', 60, BERLIN)).toEqual({
      slot: null,
      timeProblem: null,
      repeatedNote: null,
    })
    expect(singleSlotTime('2027-03-28', '', 60, BERLIN).slot).toBeNull()
  })
})

/** `singleSlotTime` of the fall-back cases, run in a process whose own zone is `deviceZone`. */
function readOnDevice(deviceZone: string): unknown {
  const slotBasics = fileURLToPath(new URL('../../client/features/provider/slotBasics.ts', import.meta.url))
  const script = `
    const { singleSlotTime } = await import(${JSON.stringify(slotBasics)})
    console.log(JSON.stringify([
      singleSlotTime('2027-10-31', '02:30', 60, ${JSON.stringify(BERLIN)}),
      singleSlotTime('2026-11-01', '01:30', 60, ${JSON.stringify(NEW_YORK)}),
    ]))`
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, TZ: deviceZone },
    encoding: 'utf8',
  })
  return JSON.parse(out)
}

describe('the single-slot form on the night the clocks go back', () => {
  it.each(['UTC', BERLIN, NEW_YORK, 'Asia/Kolkata'])(
    'device in %s: a time shown twice is the first, as the weekly form takes it, and the form says so',
    (deviceZone) => {
      expect(readOnDevice(deviceZone)).toEqual([
        {
          // 02:30 CEST (00:30Z) comes before 02:30 CET (01:30Z).
          slot: { startTime: '2027-10-31T00:30:00.000Z', endTime: '2027-10-31T01:30:00.000Z' },
          timeProblem: null,
          repeatedNote:
            'Sun 31 Oct 02:30 happens twice (the clocks go back): the slot starts at the first 02:30.',
        },
        {
          // 01:30 EDT (05:30Z) comes before 01:30 EST (06:30Z).
          slot: { startTime: '2026-11-01T05:30:00.000Z', endTime: '2026-11-01T06:30:00.000Z' },
          timeProblem: null,
          repeatedNote:
            'Sun 1 Nov 01:30 happens twice (the clocks go back): the slot starts at the first 01:30.',
        },
      ])
    },
    30_000,
  )
})

describe('the single-slot form and the horizon (shared/slotLimits.ts)', () => {
  it('refuses a day more than 5 years ahead at the time field, as the server would', () => {
    const now = new Date('2026-11-27T12:00:00Z')
    expect(singleSlotTime('2099-12-31', '09:00', 60, BERLIN, now)).toEqual({
      slot: null,
      timeProblem: 'A slot starts at most 5 years ahead: pick a day up to Thu 27 Nov 2031.',
      repeatedNote: null,
    })
    expect(singleSlotTime('2031-11-25', '09:00', 60, BERLIN, now).slot).toEqual({
      startTime: '2031-11-25T08:00:00.000Z',
      endTime: '2031-11-25T09:00:00.000Z',
    })
  })
})
