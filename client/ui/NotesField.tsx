import { cleanedTextArea } from '../../shared/freeTextCleaning.js'

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
        // Invisible control characters pasted with the text (Word's vertical tab) would only be refused
        // on saving, and the customer could not see them to remove them: cleaned as they arrive.
        onChange={(e) => onChange(cleanedTextArea(e.target.value))}
        maxLength={NOTES_MAX}
        rows={3}
        data-testid="booking-notes"
      />
      <CharacterCount length={value.length} max={NOTES_MAX} />
    </label>
  )
}

/** How much of a text field's limit is used, "12/500", under the field. */
export function CharacterCount({ length, max, id }: { length: number; max: number; id?: string }) {
  return (
    <small className="field__hint" id={id} data-testid="character-count">
      {length}/{max}
    </small>
  )
}
