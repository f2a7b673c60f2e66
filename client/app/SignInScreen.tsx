import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react'
import type { Session } from '../data/index.js'
// Straight from the modules, not the client/data barrel, which would pull RxDB into the sign-in chunk.
import { type DemoCredential, fetchDemoCredentials } from '../data/demoCredentials.js'
import { signIn } from '../data/session.js'
import { ErrorNote } from '../ui/ErrorNote.js'
import { InputField } from '../ui/Field.js'

interface SignInScreenProps {
  onSignedIn: (session: Session) => void
  /** Why the user is here again (e.g. the session ended, or to join an organisation they were invited to). */
  notice?: string | null
  /** A way back to where the user came from (the invitation screen), below the form. */
  back?: { label: string; onClick: () => void }
}

/** Email and password; when the demo data set is loaded, its accounts one click away. */
export function SignInScreen({ onSignedIn, notice, back }: SignInScreenProps) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const demo = useDemoCredentials()
  const submitButton = useRef<HTMLButtonElement>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const passwordField = event.currentTarget.elements.namedItem('password') as HTMLInputElement
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await signIn(email.trim(), password))
    } catch (cause) {
      setError(
        cause instanceof TypeError
          ? 'Cannot reach the server. Signing in needs a connection once; after that the app works offline.'
          : cause instanceof Error
            ? cause.message
            : 'Sign-in failed.',
      )
      setBusy(false)
      // The button was disabled while waiting, so focus had fallen to the page: back to the password, to retry.
      passwordField.select()
    }
  }

  // An edit makes the last answer stale (it must not stand under the browser's own "fill in" check).
  function edit(set: (value: string) => void) {
    return (event: ChangeEvent<HTMLInputElement>) => {
      set(event.target.value)
      setError(null)
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <div className="brand brand--large">
          <img src="/icon.svg" alt="" width={40} height={40} />
          <span>UniService Bookings</span>
        </div>
        <p className="sign-in__lead">Book and manage appointments — even when your connection drops.</p>
        <form className="form" onSubmit={submit} aria-labelledby="sign-in-title">
          <h1 id="sign-in-title">Sign in</h1>
          {notice && (
            <p className="note note--warning" role="status" data-testid="sign-in-notice">
              {notice}
            </p>
          )}
          <InputField
            label="Email"
            type="email"
            autoComplete="username"
            required
            // Ready to type as the screen opens (picking a demo account moves focus on to "Sign in").
            autoFocus
            value={email}
            onChange={edit(setEmail)}
            data-testid="sign-in-email"
          />
          <InputField
            label="Password"
            type="password"
            autoComplete="current-password"
            name="password"
            required
            value={password}
            onChange={edit(setPassword)}
            data-testid="sign-in-password"
          />
          <ErrorNote error={error} />
          <button
            ref={submitButton}
            type="submit"
            className="button button--primary button--block"
            disabled={busy}
            data-testid="sign-in-submit"
          >
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          {back && (
            <button type="button" className="button button--block" onClick={back.onClick}>
              {back.label}
            </button>
          )}
        </form>
        {demo.length > 0 && (
          <DemoAccounts
            accounts={demo}
            onPick={(account) => {
              setEmail(account.email)
              setPassword(account.password)
              // The form is filled: the next Enter signs in (focus stayed on the card).
              submitButton.current?.focus()
            }}
          />
        )}
      </div>
    </main>
  )
}

function useDemoCredentials(): DemoCredential[] {
  const [accounts, setAccounts] = useState<DemoCredential[]>([])
  useEffect(() => {
    let live = true
    // Without the demo data set (or offline) there is simply nothing to offer.
    fetchDemoCredentials().then(
      (list) => live && setAccounts(list),
      () => {},
    )
    return () => {
      live = false
    }
  }, [])
  return accounts
}

function DemoAccounts({
  accounts,
  onPick,
}: {
  accounts: DemoCredential[]
  onPick: (account: DemoCredential) => void
}) {
  return (
    <section className="demo" aria-labelledby="demo-title" data-testid="demo-credentials">
      <h2 id="demo-title">Demo accounts</h2>
      <p className="muted">Pick an account to fill in the form.</p>
      <ul className="demo__list">
        {accounts.map((account) => (
          <li key={account.email}>
            <button type="button" className="demo__account" onClick={() => onPick(account)}>
              <span
                className={`role role--${account.role}`}
                title={account.admin ? `${account.role} and organisation admin` : undefined}
              >
                {account.admin ? 'admin' : account.role}
              </span>
              <span className="demo__name">{account.name}</span>
              <span className="demo__email">
                {account.email} · <code>{account.password}</code>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
