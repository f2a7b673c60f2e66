import { type FormEvent, useId, useState } from 'react'
import { hasVisibleContent } from '../../../shared/visibleText.js'
import { CharacterCount } from '../../ui/NotesField.js'

/** The longest reason the server takes (StatusReason in shared/schemas.ts). */
const REASON_MAX = 500

interface CancelWithReasonProps {
  /** "Cancel" or "Decline". */
  label: string
  /** What the button is read as where rows repeat it, saying whose booking (its label first). */
  accessibleName?: string
  /** Answers whether the change was made: on a refusal the form stays open, with the text. */
  onConfirm: (reason: string) => Promise<boolean>
}

/**
 * A provider ending a customer's booking: first press opens a short form asking why (the customer
 * reads it in My bookings), and only the second, explicit press acts. A refusal (said by the caller)
 * leaves the form open with what was typed, so the provider can correct it instead of typing it again.
 */
export function CancelWithReason({ label, accessibleName, onConfirm }: CancelWithReasonProps) {
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const fieldId = useId()
  const countId = useId()
  if (!asking) {
    return (
      <button
        type="button"
        className="button button--small button--danger-ghost"
        onClick={() => setAsking(true)}
        aria-label={accessibleName}
        data-testid="provider-cancel"
      >
        {label}
      </button>
    )
  }
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!hasVisibleContent(reason) || busy) return
    setBusy(true)
    const done = await onConfirm(reason.trim())
    setBusy(false)
    if (done) setAsking(false)
  }
  return (
    <form className="cancel-reason" onSubmit={submit} data-testid="provider-cancel-form">
      <label htmlFor={fieldId}>Reason for the customer (required)</label>
      <textarea
        id={fieldId}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={REASON_MAX}
        aria-describedby={countId}
        rows={2}
        required
        // biome-ignore lint/a11y/noAutofocus: the form replaces the button that had focus
        autoFocus
        data-testid="provider-cancel-reason"
      />
      <CharacterCount length={reason.length} max={REASON_MAX} id={countId} />
      <div className="cancel-reason__actions">
        <button
          type="submit"
          className="button button--small button--danger"
          disabled={!hasVisibleContent(reason) || busy}
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
