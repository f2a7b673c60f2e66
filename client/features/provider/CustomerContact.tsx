import { useState } from 'react'
import type { CustomerContact as Contact } from '../../../shared/schemas.js'
import { failureText, useProfileApi } from '../../data/index.js'

type State =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'shown'; contact: Contact }
  | { kind: 'failed'; message: string }

/**
 * How to reach a booking's customer, asked from the server when opened (contact details are not
 * copied to devices, so they need a connection).
 */
export function CustomerContact({ bookingId }: { bookingId: string }) {
  const { customerContact } = useProfileApi()
  const [state, setState] = useState<State>({ kind: 'closed' })

  function toggle(open: boolean) {
    if (!open || state.kind === 'shown' || state.kind === 'loading') return
    setState({ kind: 'loading' })
    customerContact(bookingId).then(
      (contact) => setState({ kind: 'shown', contact }),
      (cause: unknown) =>
        setState({
          kind: 'failed',
          message: failureText(cause, 'Contact details'),
        }),
    )
  }

  return (
    <details
      className="customer-contact"
      data-testid="customer-contact"
      onToggle={(e) => toggle(e.currentTarget.open)}
    >
      <summary>Contact</summary>
      {state.kind === 'loading' && <p className="muted">Loading…</p>}
      {state.kind === 'failed' && (
        <p className="muted" role="status">
          {state.message}
        </p>
      )}
      {state.kind === 'shown' && (
        <p data-testid="customer-contact-details">
          <a href={`mailto:${state.contact.email}`}>{state.contact.email}</a>
          {' · '}
          {state.contact.phone ? (
            <a href={`tel:${state.contact.phone.replace(/[^+0-9]/g, '')}`}>{state.contact.phone}</a>
          ) : (
            <span className="muted">no phone given</span>
          )}
        </p>
      )}
    </details>
  )
}
