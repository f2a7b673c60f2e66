/**
 * "Next available ›" jumps forward; from a later week whose earliest bookable slot lies behind, the
 * button says "‹ First available" (a walk clicked "Next available ›" on an empty December week and was
 * taken back to November).
 */
import { expect, it } from 'vitest'
import { jumpLabel } from '../../client/features/slots/NextAvailableButton.js'

const week = new Date('2026-12-21T00:00:00.000Z')

it('says where the jump goes: forward, back to the first, or nowhere', () => {
  expect(jumpLabel({ startTime: '2026-12-23T09:00:00.000Z' }, week, false)).toBe('Next available ›')
  expect(jumpLabel({ startTime: '2026-11-24T09:00:00.000Z' }, week, false)).toBe('‹ First available')
  expect(jumpLabel(undefined, week, true)).toBe('Next available ›')
  expect(jumpLabel(undefined, week, false)).toBe('Nothing free soon')
})
