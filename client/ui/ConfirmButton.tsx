import { useState } from 'react'

interface ConfirmButtonProps {
  label: string
  /** The question shown on the second step, e.g. "Cancel this booking?" */
  question: string
  confirmLabel: string
  onConfirm: () => void
  disabled?: boolean
  testId?: string
}

/** A destructive action in two presses, so a slip of the finger does not cancel anything. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  testId,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false)
  if (!asking) {
    return (
      <button
        type="button"
        className="button button--danger-ghost"
        onClick={() => setAsking(true)}
        disabled={disabled}
        data-testid={testId}
      >
        {label}
      </button>
    )
  }
  return (
    <fieldset className="confirm">
      <legend className="confirm__question">{question}</legend>
      <button
        type="button"
        className="button button--danger"
        // biome-ignore lint/a11y/noAutofocus: the second step must take focus from the button that disappeared
        autoFocus
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button--ghost" onClick={() => setAsking(false)}>
        Keep
      </button>
    </fieldset>
  )
}
