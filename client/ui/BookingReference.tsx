/** A booking's short reference (UNI-XXXXXX), which the server assigns: none exists before the first sync. */
export function BookingReference({ reference }: { reference: string }) {
  return (
    <span className="booking-reference">
      Reference{' '}
      {reference ? (
        <code data-testid="booking-reference">{reference}</code>
      ) : (
        <span className="muted">given when the booking reaches the server</span>
      )}
    </span>
  )
}
