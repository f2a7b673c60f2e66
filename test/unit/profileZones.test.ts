/**
 * The profile's zone picker (client/features/profile/zoneChoices.ts): it always offers the zone the
 * profile holds, so the <select> never shows another one as chosen; UTC is missing from the zones
 * browsers (and Node) list, and a provider who joined in UTC saw "Africa/Abidjan" selected, which a
 * save then stored. Changing a provider's zone says what happens to the existing slots.
 */
import { describe, expect, it } from 'vitest'
import {
  currentZoneName,
  knownZones,
  zoneChangeNote,
  zoneOptions,
} from '../../client/features/profile/zoneChoices.js'

/** What a <select> shows as chosen: the option with its value, else the first. */
function shownAsChosen(options: { id: string }[], value: string): string | undefined {
  return (options.find((o) => o.id === value) ?? options[0])?.id
}

describe('the profile zone picker', () => {
  it('offers UTC, and shows it chosen, when the stored zone is UTC (this runtime lists no UTC)', () => {
    expect(knownZones()).not.toContain('UTC')
    const options = zoneOptions('UTC')
    expect(options.map((o) => o.id)).toContain('UTC')
    expect(shownAsChosen(options, 'UTC')).toBe('UTC')
    expect(options.filter((o) => o.id === 'UTC')).toHaveLength(1)
  })

  it('offers a stored zone the list lacks (an older name) once, in order, and nothing twice', () => {
    const known = ['Africa/Abidjan', 'Asia/Kolkata', 'Europe/Berlin']
    expect(zoneOptions('Asia/Calcutta', known).map((o) => o.id)).toEqual([
      'Africa/Abidjan',
      'Asia/Calcutta',
      'Asia/Kolkata',
      'Europe/Berlin',
    ])
    expect(zoneOptions('Europe/Berlin', known).map((o) => o.id)).toEqual(known)
    expect(zoneOptions('UTC', known).map((o) => o.id)).toEqual([...known, 'UTC'])
    // A customer reading in the device's zone holds none ('' is the picker's own first option).
    expect(zoneOptions('', known).map((o) => o.id)).toEqual(known)
  })

  it('names each zone as the rest of the app writes it (America/New_York, not "America/New York")', () => {
    const options = zoneOptions('', ['America/New_York', 'Europe/Berlin'])
    expect(options.map((o) => o.name)).toEqual(['America/New_York', 'Europe/Berlin'])
  })

  it('lists the current IANA names, not the older ones ICU still lists, each once and sorted', () => {
    const icu = [
      'America/Godthab',
      'Asia/Calcutta',
      'Asia/Katmandu',
      'Asia/Saigon',
      'Europe/Kiev',
      'Europe/Berlin',
    ]
    expect(knownZones(icu)).toEqual([
      'America/Nuuk',
      'Asia/Ho_Chi_Minh',
      'Asia/Kathmandu',
      'Asia/Kolkata',
      'Europe/Berlin',
      'Europe/Kyiv',
    ])
    expect(knownZones(['Asia/Kolkata', 'Asia/Calcutta'])).toEqual(['Asia/Kolkata'])
    // This runtime's own list, whatever its ICU: none of the old names.
    for (const old of ['Asia/Calcutta', 'Asia/Saigon', 'Europe/Kiev', 'America/Godthab', 'Asia/Katmandu'])
      expect(knownZones()).not.toContain(old)
    expect(currentZoneName('Asia/Calcutta')).toBe('Asia/Kolkata')
    expect(currentZoneName('America/New_York')).toBe('America/New_York')
    expect(currentZoneName('')).toBe('')
  })
})

describe("what changing a provider's zone says", () => {
  const summer = new Date('2026-07-01T06:00:00Z')

  it('nothing while the zone is unchanged', () => {
    expect(zoneChangeNote('UTC', 'UTC', summer)).toBeNull()
  })

  it('slots keep their instants, so their clock times move (UTC to Berlin in summer: +2 h)', () => {
    const note = zoneChangeNote('UTC', 'Europe/Berlin', summer)
    expect(note).toContain('Times will be shown in Europe/Berlin')
    expect(note).toContain('stay at the same instants')
    expect(note).toContain('09:00 in UTC today is 11:00 in Europe/Berlin')
  })

  it('names the day when the same instant falls on another day there', () => {
    expect(zoneChangeNote('Europe/Berlin', 'Pacific/Honolulu', summer)).toContain(
      '09:00 in Europe/Berlin today is 21:00 on Tue 30 Jun in Pacific/Honolulu',
    )
  })

  it('says when the clock times stay the same', () => {
    expect(zoneChangeNote('Europe/Berlin', 'Europe/Paris', summer)).toContain(
      'today both zones show them at the same clock times',
    )
  })
})
