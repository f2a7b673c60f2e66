import { describe, expect, it } from 'vitest'
import { estimateBlockingTime, type TraceEvent } from '../../scripts/blockingTime.js'

const MAIN = { pid: 1, tid: 7 }
const ms = (value: number) => value * 1000
const task = (at: number, wall: number, cpu: number, thread = MAIN): TraceEvent => ({
  name: 'RunTask',
  ph: 'X',
  ...thread,
  ts: ms(at),
  dur: ms(wall),
  tdur: ms(cpu),
})
const fcpAt = (at: number): TraceEvent => ({ name: 'firstContentfulPaint', ...MAIN, ts: ms(at) })

describe('Lighthouse blocking time from wall and CPU time', () => {
  it('counts slowdown × duration past 50 ms for the main thread (the one that painted) tasks', () => {
    const estimate = estimateBlockingTime(
      [
        task(0, 60, 20), // 4×60−50 = 190 by wall, 4×20−50 = 30 by CPU
        fcpAt(150),
        task(200, 40, 12), // stretched by a busy machine: 4×40−50 = 110 by wall, 4×12−50 = 0 by CPU
        task(300, 30, 30), // 70 either way
        task(400, 9, 9), // under 10 ms: left out, as lantern prunes it
        task(500, 80, 80, { pid: 1, tid: 8 }), // another thread
      ],
      4,
    )
    expect(estimate).toEqual({
      fromWallTimeMs: 190 + 110 + 70,
      fromCpuTimeMs: 30 + 70,
      mainThreadCpuMs: 20 + 12 + 30 + 9,
      mainThreadWallMs: 60 + 40 + 30 + 9,
    })
  })

  it('a task of 10 ms or more by wall time but under it by CPU time counts only by wall time', () => {
    const estimate = estimateBlockingTime([fcpAt(0), task(10, 20, 8)], 4)
    expect(estimate?.fromWallTimeMs).toBe(30)
    expect(estimate?.fromCpuTimeMs).toBe(0)
  })

  it('gives no estimate for a trace without a first contentful paint', () => {
    expect(estimateBlockingTime([task(0, 100, 100)], 4)).toBeNull()
  })
})
