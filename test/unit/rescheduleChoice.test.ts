/**
 * The time picked in the reschedule dialog (client/features/bookings/rescheduleChoice.ts): a browser
 * walk found "Move booking" enabled and doing nothing once someone else took the picked time (it had
 * dropped out of the list); the button now waits for a time still offered and the dialog says why.
 */
import { describe, expect, it } from 'vitest'
import type { SlotView } from '../../client/data/index.js'
import { pickedTarget, pickedTimeTaken } from '../../client/features/bookings/rescheduleChoice.js'

const SATURDAY_0800 = '2026-11-28T08:00:00.000Z'
const slot = (id: string, startTime = SATURDAY_0800) => ({ id, startTime }) as SlotView

describe('the time picked to move to', () => {
  const picked = { slotId: 'sat-0800', startTime: SATURDAY_0800 }

  it('is the target while the dialog still offers it', () => {
    const offered = [slot('sat-0800'), slot('sat-1000')]
    expect(pickedTarget(picked, offered)?.id).toBe('sat-0800')
    expect(pickedTimeTaken(picked, offered, 'UTC')).toBeNull()
  })

  it('is no target once taken, and the dialog names it in the reader’s zone', () => {
    const offered = [slot('sat-1000')]
    expect(pickedTarget(picked, offered)).toBeNull()
    expect(pickedTimeTaken(picked, offered, 'UTC')).toBe(
      'The time you picked (Sat 28 Nov, 08:00) has just been taken — pick another.',
    )
    expect(pickedTimeTaken(picked, [], 'Europe/Berlin')).toBe(
      'The time you picked (Sat 28 Nov, 09:00) has just been taken — pick another.',
    )
  })

  it('says nothing before a time is picked', () => {
    expect(pickedTarget(null, [slot('sat-1000')])).toBeNull()
    expect(pickedTimeTaken(null, [], 'UTC')).toBeNull()
  })
})
