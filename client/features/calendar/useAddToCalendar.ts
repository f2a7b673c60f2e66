import { useCalendarActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { saveTextFile } from '../../ui/saveTextFile.js'

/** Downloads a booking as an .ics file, or says why it could not (e.g. offline). */
export function useAddToCalendar(): (booking: { id: string; reference: string }) => Promise<void> {
  const { bookingIcs } = useCalendarActions()
  const announce = useAnnounce()
  return async (booking) => {
    try {
      const ics = await bookingIcs(booking.id)
      saveTextFile(`${booking.reference || 'booking'}.ics`, ics, 'text/calendar')
      announce('Calendar file downloaded: open it to add the booking to your calendar.')
    } catch (cause) {
      const offline = cause instanceof TypeError
      announce(
        offline
          ? 'Adding to a calendar needs a connection; try again when you are back online.'
          : `The calendar file could not be made (${cause instanceof Error ? cause.message : String(cause)}).`,
      )
    }
  }
}
