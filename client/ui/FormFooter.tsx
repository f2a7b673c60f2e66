import { ErrorNote } from './ErrorNote.js'

interface FormFooterProps {
  error: string | null
  /** The submit button's label; `busyLabel` replaces it while the form is being sent. */
  submitLabel: string
  busyLabel: string
  busy: boolean
  disabled?: boolean
  onCancel: () => void
  /** The secondary button's label: "Close" where "Cancel" would read as cancelling a booking. */
  cancelLabel?: string
  submitTestId?: string
}

/** The error line and the Cancel (or `cancelLabel`) / submit buttons that end a dialog's form. */
export function FormFooter({
  error,
  submitLabel,
  busyLabel,
  busy,
  disabled = false,
  onCancel,
  cancelLabel = 'Cancel',
  submitTestId,
}: FormFooterProps) {
  return (
    <>
      <ErrorNote error={error} />
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || disabled}
          data-testid={submitTestId}
        >
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </>
  )
}
