/**
 * What the user sees once a membership ended (lostMembership.ts): a line under the header when the
 * app moved to another of their organisations, or, with none left (or signing in with none), a
 * screen that says so, with a way to use an invitation link and to sign out, instead of an app whose
 * every request is refused.
 */
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react'
import type { MyOrganisation } from '../../shared/organisations.js'
import type { Session } from '../data/api.js'
import { serverApi } from '../data/serverApi.js'
import { readMyOrganisations } from '../data/session.js'
import { ErrorNote } from '../ui/ErrorNote.js'
import { InputField } from '../ui/Field.js'
import { invitationLink } from './InvitationSignUp.js'
import { type MembershipEnded, endedWords } from './lostMembership.js'

export function MembershipEndedNotice({
  ended,
  onDismiss,
}: {
  ended: MembershipEnded
  onDismiss: () => void
}) {
  return (
    <div className="notices">
      <div className="notice notice--error" data-testid="membership-ended">
        <div className="notice__text" role="status">
          {endedWords(ended)}
        </div>
        <div className="notice__actions">
          <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
    </div>
  )
}

interface NoOrganisationScreenProps {
  session: Session
  /** The membership that just ended, if that is how the user came here. */
  ended: MembershipEnded | null
  onSignOut: () => void
  /** The organisations the server lists (one joined meanwhile, on another device say). */
  onOrganisations: (organisations: MyOrganisation[]) => void
  /** The invitation being joined, if any (InvitationNotice). */
  invitation?: ReactNode
}

/** "The invitation link" pasted: a whole URL, or its #invitation=… fragment. */
function linkFragment(text: string): string {
  const at = text.indexOf('#')
  return at === -1 ? '' : text.slice(at).trim()
}

export function NoOrganisationScreen({
  session,
  ended,
  onSignOut,
  onOrganisations,
  invitation,
}: NoOrganisationScreenProps) {
  const [link, setLink] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  // The screen replaces the app (a removal, a sign-in): the focus goes to its heading, so a keyboard
  // or screen-reader user is told where they are instead of being left on the page's <body>.
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
  }, [])

  // Joined somewhere since (another device, another tab): the app opens there.
  useEffect(() => {
    let live = true
    readMyOrganisations(serverApi({ baseUrl: '', token: session.token })).then(
      (organisations) => live && organisations.length > 0 && onOrganisations(organisations),
      () => {},
    )
    return () => {
      live = false
    }
  }, [session.token, onOrganisations])

  const submitLink = (event: FormEvent) => {
    event.preventDefault()
    const fragment = linkFragment(link)
    if (!invitationLink(fragment)?.token) {
      setProblem('That is not an invitation link. Copy the whole link from the invitation you received.')
      return
    }
    setProblem(null)
    setLink('')
    // The app picks the link up as if it had been opened here (App.tsx), and offers to join.
    window.location.hash = fragment
  }

  return (
    <main className="sign-in">
      <div className="sign-in__card form" data-testid="no-organisation">
        <h1 ref={heading} tabIndex={-1}>
          You belong to no organisation
        </h1>
        {ended && (
          <p className="note note--warning" role="status" data-testid="membership-ended">
            {endedWords(ended)}
          </p>
        )}
        <p>
          Signed in as {session.user.name} ({session.user.email}). To book or offer appointments, an
          organisation must invite you: open the invitation link it sent you, or paste it here.
        </p>
        {invitation}
        <form className="form" onSubmit={submitLink} noValidate>
          <InputField
            label="Invitation link"
            type="url"
            value={link}
            onChange={(event) => setLink(event.target.value)}
            data-testid="invitation-link-input"
          />
          <ErrorNote error={problem} />
          <button
            type="submit"
            className="button button--primary button--block"
            data-testid="invitation-link-use"
          >
            Use the invitation link
          </button>
        </form>
        <button type="button" className="button button--block" onClick={onSignOut} data-testid="sign-out">
          Sign out
        </button>
      </div>
    </main>
  )
}
