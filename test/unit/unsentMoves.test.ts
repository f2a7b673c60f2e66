/**
 * The time a booking holds on the server while a move of it waits on this device
 * (client/data/unsentMoves.ts): the time before the move, only while the booking still waits at the
 * slot it was moved to; once the server answered, or the booking changed otherwise, the booking's own.
 */
import { describe, expect, it } from 'vitest'
import { type UnsentMove, heldWhileMoving } from '../../client/data/unsentMoves.js'

const held = { slotId: 'eight', startTime: '2026-12-03T08:00:00.000Z', endTime: '2026-12-03T08:45:00.000Z' }
const moves: UnsentMove[] = [{ bookingId: 'b', to: 'nine', held }]

describe('a move not sent yet', () => {
  it('leaves the booking at the time it held while it waits at its new slot', () => {
    expect(heldWhileMoving(moves, { id: 'b', slotId: 'nine', pending: true })).toEqual(held)
  })

  it('says nothing once the server answered, or of another booking or slot', () => {
    expect(heldWhileMoving(moves, { id: 'b', slotId: 'nine', pending: false })).toBeUndefined()
    expect(heldWhileMoving(moves, { id: 'b', slotId: 'eight', pending: true })).toBeUndefined()
    expect(heldWhileMoving(moves, { id: 'c', slotId: 'nine', pending: true })).toBeUndefined()
  })
})
