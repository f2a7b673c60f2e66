/**
 * A signing secret shown once (after adding an endpoint or rotating its secret), with a Copy button
 * (client/ui/CopyButton: the clipboard and "Copied", else the secret is selected to copy by hand) and,
 * after a rotation, what happens to the old secret.
 */
import { useRef } from 'react'
import { CopyButton } from '../../ui/CopyButton.js'

export interface ShownSecret {
  url: string
  secret: string
  /** After a rotation: what happens to the old secret. */
  note?: string
}

export function SecretNotice({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const code = useRef<HTMLElement>(null)
  return (
    <div className="card webhooks__card" data-testid="webhook-secret">
      <p>Signing secret for {shown.url}. Copy it now: it is not shown again.</p>
      <code ref={code} className="webhooks__secret">
        {shown.secret}
      </code>
      {shown.note && (
        <p className="muted" data-testid="webhook-secret-note">
          {shown.note}
        </p>
      )}
      <div className="webhooks__actions">
        <CopyButton text={shown.secret} shownIn={code} what="the secret" testId="webhook-secret-copy" />
        <button type="button" className="button button--small" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  )
}
