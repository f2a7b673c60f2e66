/**
 * The device's own time zone, apart from client/ui/calendarTime.ts (which re-exports it) so that the sign-in and sign-up
 * code can ask it without pulling date-fns into their chunk.
 */
/** How long the device's zone is reused before asking the browser again (the device may travel). */
const DEVICE_ZONE_TTL_MS = 60_000
let deviceZone: { zone: string; at: number } | null = null

/**
 * The browser's IANA time zone, e.g. "Europe/Berlin". Asked at most once a minute: building the
 * Intl formatter that answers it cost milliseconds at every render of the app's shell.
 */
export function viewerTimeZone(now = Date.now()): string {
  if (!deviceZone || now - deviceZone.at > DEVICE_ZONE_TTL_MS) {
    deviceZone = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone, at: now }
  }
  return deviceZone.zone
}
