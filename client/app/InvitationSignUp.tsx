import { type FormEvent, useEffect, useState } from 'react'
import type { InvitationPreview } from '../../shared/organisations.js'
import { NEW_PASSWORD_MIN_LENGTH, newPasswordProblem } from '../../shared/passwords.js'
import type { Session } from '../data/index.js'
// Straight from the module, not the client/data barrel (which would pull RxDB into this chunk).
import { acceptInvitation, previewInvitation } from '../data/session.js'
import { ErrorNote } from '../ui/ErrorNote.js'
import { InputField } from '../ui/Field.js'
import { type DeadInvitation, deadInvitation } from './invitationRefusal.js'

/** The token of an invitation link's fragment ("#invitation=<token>"), or null. */
export function invitationToken(hash: string): string | null {
  const match = /^#invitation=([A-Za-z0-9_-]{20,100})$/.exec(hash)
  return match?.[1] ?? null
}

/** Forgets the link in the address bar once it has been answered (a reload must not try it again). */
export function forgetInvitationLink(): void {
  if (invitationToken(window.location.hash)) window.history.replaceState(null, '', window.location.pathname)
}

interface InvitationSignUpProps {
  token: string
  onSignedIn: (session: Session) => void
  /**
   * The person has an account already: they sign in, keeping the invitation, and join with that
   * account (InvitationJoin.tsx). Gets what the link is for when it was read.
   */
  onSignIn: (preview: InvitationPreview | null) => void
  /** The link can never be used (used, expired, unknown): on to the plain sign-in screen. */
  onSignInWithout: () => void
}

/**
 * Sign-up through an invitation link: shows the organisation and role, creates the account; or, for
 * someone who has one, on to signing in and joining with it.
 */
export function InvitationSignUp({ token, onSignedIn, onSignIn, onSignInWithout }: InvitationSignUpProps) {
  const [preview, setPreview] = useState<InvitationPreview | null>(null)
  const [dead, setDead] = useState<DeadInvitation | null>(null)
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    previewInvitation(token).then(
      (p) => live && setPreview(p),
      (e: unknown) => {
        if (!live) return
        const refusal = deadInvitation(e)
        if (refusal) setDead(refusal)
        else setError(e instanceof Error ? e.message : String(e))
      },
    )
    return () => {
      live = false
    }
  }, [token])

  if (dead) return <DeadInvitationScreen refusal={dead} onSignIn={onSignInWithout} />

  async function submit(event: FormEvent) {
    event.preventDefault()
    // The server's rule (shared/passwords.ts): a password of only spaces is refused before it is sent.
    const problem = newPasswordProblem(password)
    if (problem) {
      setError(`Password ${problem}.`)
      return
    }
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await acceptInvitation({ token, name: name.trim(), email: email.trim(), password }))
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'Sign-up failed.')
      setBusy(false)
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <form className="form" onSubmit={submit} aria-labelledby="invitation-title">
          <h1 id="invitation-title">
            {preview ? `Join ${preview.organisation.name} as ${preview.role}` : 'Invitation'}
          </h1>
          <InputField label="Your name" required value={name} onChange={(e) => setName(e.target.value)} />
          <InputField
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <InputField
            label={`Password (at least ${NEW_PASSWORD_MIN_LENGTH} characters)`}
            type="password"
            autoComplete="new-password"
            minLength={NEW_PASSWORD_MIN_LENGTH}
            required
            value={password}
            aria-invalid={error !== null && newPasswordProblem(password) !== null ? true : undefined}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="invitation-password"
          />
          <ErrorNote error={error} />
          <button type="submit" className="button button--primary button--block" disabled={busy || !preview}>
            {busy ? 'Creating your account…' : 'Create account'}
          </button>
          <button
            type="button"
            className="button button--block"
            onClick={() => onSignIn(preview)}
            data-testid="invitation-sign-in"
          >
            I already have an account: sign in
          </button>
        </form>
      </div>
    </main>
  )
}

/** A link nobody can sign up through any more: what happened and what to do, no form. */
function DeadInvitationScreen({ refusal, onSignIn }: { refusal: DeadInvitation; onSignIn: () => void }) {
  return (
    <main className="sign-in">
      <div className="sign-in__card form" data-testid="invitation-dead">
        <h1>Invitation</h1>
        <p role="alert">{refusal.message}</p>
        <p>{refusal.advice}</p>
        <button type="button" className="button button--primary button--block" onClick={onSignIn}>
          Sign in
        </button>
      </div>
    </main>
  )
}
