/**
 * A provider's refused or replaced offline change in words (client/data/providerChangeWords.ts), as
 * "Changes not saved" reads it after "Not saved:": what was tried on which slot, in plain grammar
 * ("deleting the slot on …", not "delete the slot for the slot on …"), and a refused new slot with
 * its service, length and capacity, so it can be made again.
 */
import { describe, expect, it } from 'vitest'
import { changeWords, triedWords } from '../../client/data/providerChangeWords.js'
import type { TriedChange } from '../../client/data/providerChanges.js'

const slotStart = '2026-12-01T09:00:00.000Z'
const when = 'Tuesday 1 December 2026, 10:00'
const words = (tried: TriedChange) => changeWords({ tried, slotStart }, when)

describe('a change in words', () => {
  it('names the slot once, with what was tried', () => {
    expect(words({ kind: 'capacity', maxBookings: 1 })).toBe(`capacity 1 for the slot on ${when}`)
    expect(words({ kind: 'delete' })).toBe(`deleting the slot on ${when}`)
    expect(words({ kind: 'blocked', blocked: true })).toBe(`blocking the slot on ${when}`)
    expect(words({ kind: 'blocked', blocked: false })).toBe(`opening the slot on ${when} for booking`)
  })

  it('a booking status: the booking of the slot, and the step as a verb', () => {
    expect(words({ kind: 'status', status: 'COMPLETED' })).toBe(
      `marking the booking for the slot on ${when} completed`,
    )
    expect(words({ kind: 'status', status: 'CONFIRMED' })).toBe(
      `confirming the booking for the slot on ${when}`,
    )
    expect(words({ kind: 'status', status: 'CANCELLED', statusReason: 'ill' })).toBe(
      `cancelling the booking for the slot on ${when}`,
    )
  })

  it('a new slot with its service, length and capacity; without them (an older record), its length', () => {
    const endTime = '2026-12-01T09:45:00.000Z'
    expect(words({ kind: 'create', endTime, serviceName: 'Physio', maxBookings: 3 })).toBe(
      `a new slot on ${when} (Physio, 45 minutes, capacity 3)`,
    )
    expect(words({ kind: 'create', endTime })).toBe(`a new slot on ${when} (45 minutes)`)
  })

  it('the later change that replaced one, in a few words', () => {
    expect(triedWords({ kind: 'capacity', maxBookings: 6 })).toBe('capacity 6')
    expect(triedWords({ kind: 'delete' })).toBe('deleting the slot')
    expect(triedWords({ kind: 'status', status: 'COMPLETED' })).toBe('marking the booking completed')
  })
})
