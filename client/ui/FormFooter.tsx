/** The error line and Cancel / submit buttons under a slot form. */
export function FormFooter({
  busy,
  error,
  submitLabel,
  onCancel,
}: {
  busy: boolean
  error: string | null
  submitLabel: string
  onCancel: () => void
}) {
  return (
    <>
      {error && (
        <p className="note note--error" role="alert">
          {error}
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="create-slots">
          {busy ? 'Creating…' : submitLabel}
        </button>
      </div>
    </>
  )
}
