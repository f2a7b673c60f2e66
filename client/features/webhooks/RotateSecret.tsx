/**
 * "Rotate secret" in two steps: the first says what a rotation does to the current secret and for
 * how long it keeps working (the server's rule), the second rotates.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { SecretRotationRule } from '../../../shared/webhooks.js'
import { rotationWarning } from './rotationText.js'

export function RotateSecret({
  rule,
  onRotate,
}: {
  /** Null while not known (the words then say "a grace period"). */
  rule: SecretRotationRule | null
  onRotate: () => Promise<unknown>
}) {
  const [asking, setAsking] = useState(false)
  const first = useRef<HTMLButtonElement>(null)
  const confirm = useRef<HTMLButtonElement>(null)
  const kept = useRef(false)
  const warningId = useId()
  useEffect(() => {
    if (asking) confirm.current?.focus()
    else if (kept.current) first.current?.focus()
    kept.current = false
  }, [asking])
  if (!asking) {
    return (
      <button ref={first} type="button" className="button" onClick={() => setAsking(true)}>
        Rotate secret
      </button>
    )
  }
  return (
    <fieldset className="webhooks__confirm" aria-describedby={warningId} data-testid="rotate-confirm">
      <legend>Rotate the signing secret?</legend>
      <p id={warningId}>{rotationWarning(rule)}</p>
      <button
        ref={confirm}
        type="button"
        className="button button--warning"
        onClick={async () => {
          setAsking(false)
          await onRotate()
        }}
      >
        Yes, rotate the secret
      </button>
      <button
        type="button"
        className="button"
        onClick={() => {
          kept.current = true
          setAsking(false)
        }}
      >
        Keep the current secret
      </button>
    </fieldset>
  )
}
