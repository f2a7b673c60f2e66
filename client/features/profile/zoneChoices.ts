/**
 * The profile's time zone picker as pure pieces: which zones it offers, and what changing a
 * provider's business zone does to the times on screen (test/unit/profileZones.test.ts).
 */
import type { Option } from '../../ui/Field.js'
import { dayKey, formatDay, formatTime, parseLocalDateTime, viewerTimeZone } from '../../ui/calendarTime.js'

/** Every zone this runtime lists (browsers list canonical region zones: no "UTC"). */
export function knownZones(): string[] {
  const zones = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone')
  return zones && zones.length > 0 ? zones : [viewerTimeZone(), 'UTC']
}

/**
 * The picker's options: the known zones, plus the zone the profile holds when they lack it ("UTC", or
 * an older name such as "Asia/Calcutta"), in alphabetical place. Without it a <select> shows its first
 * option (Africa/Abidjan) as chosen, and saving the profile stored that. `current` '' (a customer
 * reading in the device's zone) adds nothing.
 */
export function zoneOptions(current: string, known: readonly string[] = knownZones()): Option[] {
  const zones = [...known]
  if (current !== '' && !zones.includes(current)) {
    const after = zones.findIndex((zone) => zone > current)
    zones.splice(after === -1 ? zones.length : after, 0, current)
  }
  return zones.map((id) => ({ id, name: id.replaceAll('_', ' ') }))
}

/**
 * What changing a provider's business zone from `from` to `to` does, for the form to say before it is
 * saved (null while unchanged). Slots are stored as instants (UTC): a change of zone leaves every slot
 * and its bookings where they are in time, so their clock times on screen change; slots and weekly
 * patterns entered afterwards are read in the new zone. The example is today's 09:00 in the old zone.
 */
export function zoneChangeNote(from: string, to: string, now: Date = new Date()): string | null {
  if (to === '' || to === from) return null
  const nine = parseLocalDateTime(dayKey(now, from), '09:00', from)
  if (!nine) return null
  const sameDay = dayKey(nine, to) === dayKey(nine, from)
  const shown = `${formatTime(nine, to)}${sameDay ? '' : ` on ${formatDay(nine, to)}`}`
  const effect =
    shown === '09:00'
      ? `today both zones show them at the same clock times (09:00 in ${from} is 09:00 in ${to})`
      : `their times on screen change: 09:00 in ${from} today is ${shown} in ${to}`
  return (
    `Times will be shown in ${to}, and new slots are entered in it. Your existing slots and their ` +
    `bookings stay at the same instants, so ${effect}.`
  )
}
