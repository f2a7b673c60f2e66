/**
 * The profile's time zone picker as pure pieces: which zones it offers, and what changing a
 * provider's business zone does to the times on screen (test/unit/profileZones.test.ts).
 */
import type { Option } from '../../ui/Field.js'
import { dayKey, formatDay, formatTime, parseLocalDateTime, viewerTimeZone } from '../../ui/calendarTime.js'

/**
 * Zones ICU (and so Chromium's and Node's Intl) still lists under a name IANA has replaced, with the
 * current name (IANA tzdata "backward"). Both names work everywhere; the picker offers only the current.
 */
const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
}

/** The current IANA name of a zone ("Asia/Calcutta" -> "Asia/Kolkata"); other names as they are. */
export function currentZoneName(zone: string): string {
  return RENAMED_ZONES[zone] ?? zone
}

/** Every zone this runtime lists, by its current name, sorted (browsers list no "UTC"). */
export function knownZones(
  listed = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone'),
): string[] {
  const zones = listed && listed.length > 0 ? listed : [viewerTimeZone(), 'UTC']
  return [...new Set(zones.map(currentZoneName))].sort()
}

/**
 * The picker's options: the known zones, plus the zone the profile holds when they lack it ("UTC", say),
 * in alphabetical place. Without it a <select> shows its first option (Africa/Abidjan) as chosen, and
 * saving the profile stored that. `current` '' (a customer reading in the device's zone) adds nothing.
 * Each zone is named as written everywhere else (the page's "Times in America/New_York").
 */
export function zoneOptions(current: string, known: readonly string[] = knownZones()): Option[] {
  const zones = [...known]
  if (current !== '' && !zones.includes(current)) {
    const after = zones.findIndex((zone) => zone > current)
    zones.splice(after === -1 ? zones.length : after, 0, current)
  }
  return zones.map((id) => ({ id, name: id }))
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
