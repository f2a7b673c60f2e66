/**
 * A signing secret shown once (after adding an endpoint or rotating its secret), with a Copy button
 * (client/ui/CopyButton: the clipboard and "Copied", else the secret is selected to copy by hand) and,
 * after a rotation, what happens to the old secret.
 */
import { useRef } from 'react'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { CopyButton } from '../../ui/CopyButton.js'

export interface ShownSecret {
  url: string
  secret: string
  /** When its endpoint was added: says which endpoint it is, next to its URL (the cards show it too). */
  addedAt?: string
  /** After a rotation: what happens to the old secret. */
  note?: string
}

export function SecretNotice({
  shown,
  zone,
  onDone,
}: {
  shown: ShownSecret
  zone: string
  onDone: () => void
}) {
  const code = useRef<HTMLElement>(null)
  const added = shown.addedAt ? ` (the endpoint added ${formatLongDateTime(shown.addedAt, zone)})` : ''
  return (
    <div className="card webhooks__card" data-testid="webhook-secret">
      <p>
        Signing secret for {shown.url}
        {added}. Copy it now: it is not shown again.
      </p>
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
