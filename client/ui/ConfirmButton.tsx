import { useEffect, useRef, useState } from 'react'

interface ConfirmButtonProps {
  label: string
  /** The question shown on the second step, e.g. "Cancel this booking?" */
  question: string
  confirmLabel: string
  onConfirm: () => void
  disabled?: boolean
  testId?: string
  /**
   * The question takes the focus on "Keep" rather than on the confirmation, so pressing Enter twice
   * does nothing: for what cannot be undone (deleting, telling every customer).
   */
  safeFocus?: boolean
  /** The first button's look (default: a destructive action's). */
  className?: string
  /** The id of what says why the first button is disabled (e.g. "needs a connection"). */
  describedBy?: string
  /**
   * Asked when the first button is pressed, before the question: false when the action would be
   * refused anyway (the owner then says why), so nobody is asked to confirm what is then refused.
   */
  beforeAsking?: () => Promise<boolean>
}

/**
 * A destructive action in two presses, so a slip of the finger does not cancel anything. "Keep" gives
 * the focus back to the first button; after the confirmation the owner puts it where the page goes on
 * (the thing acted on may be gone).
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  testId,
  safeFocus = false,
  className = 'button button--danger-ghost',
  describedBy,
  beforeAsking,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false)
  const [checking, setChecking] = useState(false)
  const first = useRef<HTMLButtonElement>(null)
  const kept = useRef(false)
  useEffect(() => {
    if (asking || !kept.current) return
    kept.current = false
    first.current?.focus()
  }, [asking])
  if (!asking) {
    return (
      <button
        ref={first}
        type="button"
        className={className}
        onClick={async () => {
          if (!beforeAsking) {
            setAsking(true)
            return
          }
          setChecking(true)
          try {
            if (await beforeAsking()) setAsking(true)
          } finally {
            setChecking(false)
          }
        }}
        disabled={disabled || checking}
        aria-describedby={describedBy}
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
        autoFocus={!safeFocus}
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        className="button button--ghost"
        // biome-ignore lint/a11y/noAutofocus: as above, on the safe option when asked to
        autoFocus={safeFocus}
        onClick={() => {
          kept.current = true
          setAsking(false)
        }}
      >
        Keep
      </button>
    </fieldset>
  )
}
