import { type FormEvent, useId, useState } from 'react'

interface CancelWithReasonProps {
  /** "Cancel" or "Decline". */
  label: string
  onConfirm: (reason: string) => void
}

/**
 * A provider ending a customer's booking: first press opens a short form asking why (the customer
 * reads it in My bookings), and only the second, explicit press acts.
 */
export function CancelWithReason({ label, onConfirm }: CancelWithReasonProps) {
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState('')
  const fieldId = useId()
  if (!asking) {
    return (
      <button
        type="button"
        className="button button--small button--danger-ghost"
        onClick={() => setAsking(true)}
        data-testid="provider-cancel"
      >
        {label}
      </button>
    )
  }
  function submit(event: FormEvent) {
    event.preventDefault()
    if (!reason.trim()) return
    setAsking(false)
    onConfirm(reason.trim())
  }
  return (
    <form className="cancel-reason" onSubmit={submit} data-testid="provider-cancel-form">
      <label htmlFor={fieldId}>Reason for the customer (required)</label>
      <textarea
        id={fieldId}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        rows={2}
        required
        // biome-ignore lint/a11y/noAutofocus: the form replaces the button that had focus
        autoFocus
        data-testid="provider-cancel-reason"
      />
      <div className="cancel-reason__actions">
        <button
          type="submit"
          className="button button--small button--danger"
          disabled={!reason.trim()}
          data-testid="provider-cancel-confirm"
        >
          {label} booking
        </button>
        <button type="button" className="button button--small button--ghost" onClick={() => setAsking(false)}>
          Keep booking
        </button>
      </div>
    </form>
  )
}
