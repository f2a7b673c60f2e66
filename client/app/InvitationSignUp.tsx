import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react'
import type { InvitationPreview } from '../../shared/organisations.js'
import { NEW_PASSWORD_MIN_LENGTH } from '../../shared/passwords.js'
import { USER_NAME_MAX_LENGTH } from '../../shared/userNames.js'
import type { Session } from '../data/index.js'
// Straight from the module, not the client/data barrel (which would pull RxDB into this chunk).
import { acceptInvitation, previewInvitation } from '../data/session.js'
import { ErrorNote } from '../ui/ErrorNote.js'
import { InputField } from '../ui/Field.js'
import { type DeadInvitation, deadInvitation, unreadableInvitation } from './invitationRefusal.js'
import { type SignUpField, type SignUpProblems, refusedFields, signUpProblems } from './signUpWords.js'

/**
 * What an invitation link's fragment ("#invitation=<token>") holds, or null for a fragment that is no
 * invitation. `token` is null when the fragment names an invitation but holds no well-formed token.
 * Punctuation, spaces and encoded spaces around the token are ignored: a link pasted from an email or
 * a chat often ends in "." or ")" or "%20".
 */
export function invitationLink(hash: string): { token: string | null } | null {
  const fragment = /^#invitation=(.*)$/s.exec(hash)?.[1]
  if (fragment === undefined) return null
  const around = String.raw`(?:%20|[\s.,;:!?'"()<>\[\]{}])*`
  const match = new RegExp(`^${around}([A-Za-z0-9_-]{20,100})${around}$`).exec(fragment)
  return { token: match?.[1] ?? null }
}

/** Forgets the link in the address bar once it has been answered (a reload must not try it again). */
export function forgetInvitationLink(): void {
  if (invitationLink(window.location.hash)) window.history.replaceState(null, '', window.location.pathname)
}

interface InvitationSignUpProps {
  /** Null: the link names an invitation but holds no token (damaged): it is dead without asking. */
  token: string | null
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
export function InvitationSignUp({ token, ...props }: InvitationSignUpProps) {
  if (token === null)
    return <DeadInvitationScreen refusal={unreadableInvitation} onSignIn={props.onSignInWithout} />
  return <InvitationForm token={token} {...props} />
}

function InvitationForm({
  token,
  onSignedIn,
  onSignIn,
  onSignInWithout,
}: InvitationSignUpProps & { token: string }) {
  const [preview, setPreview] = useState<InvitationPreview | null>(null)
  const [dead, setDead] = useState<DeadInvitation | null>(null)
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [problems, setProblems] = useState<SignUpProblems>({})

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
    setError(null)
    // What the server would refuse and the browser lets through (a name of spaces, a password of
    // only spaces: shared/passwords.ts) is said before anything is sent.
    const found = signUpProblems({ name, password })
    setProblems(found)
    if (Object.keys(found).length > 0) return
    setBusy(true)
    try {
      onSignedIn(await acceptInvitation({ token, name: name.trim(), email: email.trim(), password }))
    } catch (cause) {
      const refused = refusedFields(cause)
      if (refused) setProblems(refused)
      else setError(cause instanceof Error ? cause.message : 'Sign-up failed.')
      setBusy(false)
    }
  }

  // Editing a field answers its problem: the words go until the next attempt (which the browser's own
  // checks may stop before it reaches this form).
  function field(key: SignUpField, set: (value: string) => void) {
    return {
      'aria-invalid': problems[key] ? true : undefined,
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        set(event.target.value)
        setProblems(({ [key]: _answered, ...rest }) => rest)
      },
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <form className="form" onSubmit={submit} aria-labelledby="invitation-title">
          <h1 id="invitation-title">
            {preview ? `Join ${preview.organisation.name} as ${preview.role}` : 'Invitation'}
          </h1>
          <InputField
            label="Your name"
            required
            maxLength={USER_NAME_MAX_LENGTH}
            value={name}
            {...field('name', setName)}
          />
          <ErrorNote error={problems.name ?? null} />
          <InputField
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            {...field('email', setEmail)}
          />
          <ErrorNote error={problems.email ?? null} />
          <InputField
            label={`Password (at least ${NEW_PASSWORD_MIN_LENGTH} characters)`}
            type="password"
            autoComplete="new-password"
            minLength={NEW_PASSWORD_MIN_LENGTH}
            required
            value={password}
            {...field('password', setPassword)}
            data-testid="invitation-password"
          />
          <ErrorNote error={problems.password ?? null} />
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
