/**
 * An empty week's advice (client/features/slots/emptyWeekText.ts): never "Try the next week" when no
 * slot is published later; the next free slot's day when there is one (reached with "Next available"),
 * the filters when the week holds other providers' or services' slots, and no claim while the device
 * cannot know what comes later.
 */
import { describe, expect, it } from 'vitest'
import { slotView } from '../../client/data/slotViews.js'
import { emptyWeekAdvice, emptyWeekTitle, laterSlots } from '../../client/features/slots/emptyWeekText.js'
import { slotsOnDevice } from '../../client/features/slots/slotsOnDevice.js'
import { slotDoc } from '../helpers/replicationDocs.js'

const now = new Date('2026-06-10T12:00:00.000Z')
const any = () => true
const day = (slot: { startTime: string }) => slot.startTime.slice(0, 10)
const free = slotView(slotDoc('2026-06-24T09:00:00.000Z'), [], now)
const full = slotView(slotDoc('2026-06-17T09:00:00.000Z', { currentBookings: 2, seatTags: [] }), [], now)
const blocked = slotView(slotDoc('2026-06-18T09:00:00.000Z', { blocked: true }), [], now)

describe('an empty week', () => {
  it('says no later slots are published when none is', () => {
    const advice = emptyWeekAdvice(false, laterSlots([], any), day)
    expect(advice).toBe('No later slots are published yet.')
    expect(emptyWeekAdvice(false, laterSlots([blocked], any), day)).toBe(advice)
  })

  it('names the next free slot, however many weeks away, and points to "Next available"', () => {
    expect(emptyWeekAdvice(false, laterSlots([free, full], any), day)).toBe(
      'The next free slot is on 2026-06-24: “Next available” takes you there.',
    )
  })

  it('says when the later slots are all full, and follows the page filter', () => {
    expect(emptyWeekAdvice(false, laterSlots([full], any), day)).toContain('fully booked')
    const otherService = (slot: { id: string }) => slot.id !== free.id
    expect(laterSlots([free], otherService)).toEqual({ kind: 'none' })
  })

  it('points to the filters when the week has other slots, and claims nothing it cannot know', () => {
    expect(emptyWeekAdvice(true, laterSlots([], any), day)).toBe('Try another provider or service.')
    const unknown = emptyWeekAdvice(false, laterSlots(null, any), day)
    expect(unknown).not.toMatch(/published|next week/i)
  })

  it('offline in an organisation this device never synced, says its slots are not here yet', () => {
    const neverSynced = slotsOnDevice({ online: false, connecting: false, lastSyncedAt: null }, false)
    expect(neverSynced).toBe('notSynced')
    const later = laterSlots([], any, neverSynced)
    expect(emptyWeekTitle(later)).toBe('Slots not on this device yet')
    const advice = emptyWeekAdvice(false, later, day)
    expect(advice).toBe("This organisation's slots are not on this device yet: connect to see them.")
    expect(advice).not.toMatch(/published/)
  })

  it('knows its slots online, while connecting and within the stored copy of a synced organisation', () => {
    const synced = { online: false, connecting: false, lastSyncedAt: '2026-06-10T11:00:00.000Z' }
    expect(slotsOnDevice(synced, false)).toBe('known')
    expect(slotsOnDevice(synced, true)).toBe('beyondStored')
    expect(laterSlots([], any, 'beyondStored')).toEqual({ kind: 'unknown' })
    expect(slotsOnDevice({ online: true, connecting: false, lastSyncedAt: null }, true)).toBe('known')
    expect(slotsOnDevice({ online: false, connecting: true, lastSyncedAt: null }, false)).toBe('known')
    expect(emptyWeekTitle(laterSlots([], any, 'known'))).toBe('No slots this week')
  })
})
