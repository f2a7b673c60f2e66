/** The most a booking's note may hold (the server's BookingNotes rule). */
export const NOTES_MAX = 500

/** The customer's note for the provider, with its length: one booking's, or every week's of a series. */
export function NotesField({
  value,
  onChange,
  label = 'Notes for the provider (optional)',
}: {
  value: string
  onChange: (notes: string) => void
  label?: string
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={NOTES_MAX}
        rows={3}
        data-testid="booking-notes"
      />
      <small className="field__hint">
        {value.length}/{NOTES_MAX}
      </small>
    </label>
  )
}
