import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import type { InvitationPreview } from '../../shared/organisations.js'
import type { Session } from '../data/index.js'
// Straight from the module, not the client/data barrel: the barrel would pull RxDB into the sign-in chunk.
import {
  forgetExpiredSession,
  loadSession,
  rememberUser,
  signOut,
  switchOrganisation,
} from '../data/session.js'
import { Loading } from '../ui/DataState.js'
import { InvitationNotice, useInvitationJoin } from './InvitationJoin.js'
import { InvitationSignUp, forgetInvitationLink, invitationLink } from './InvitationSignUp.js'
import { MembershipEndedNotice, NoOrganisationScreen } from './MembershipEnded.js'
import { belongsToNone, useLostMembership } from './lostMembership.js'
import { SignInScreen } from './SignInScreen.js'

const SignedInApp = lazy(() => import('./SignedInApp.js'))

const SESSION_EXPIRED =
  'Your session has ended. Please sign in again. Changes not sent yet are kept on this device and are sent once you sign in again with the same account.'

/** Signed out: the sign-in screen. Signed in: the user's local database and the app around it. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession())
  const [leaving, setLeaving] = useState<Session | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  // An invitation link (#invitation=<token>): the token stays in the fragment, never sent in a URL.
  const [invitation, setInvitation] = useState(() => invitationLink(window.location.hash))
  // "I already have an account: sign in" on the invitation screen: join once signed in (what the link is for).
  const [signInToJoin, setSignInToJoin] = useState<{ preview: InvitationPreview | null } | null>(null)
  const lostMembership = useLostMembership(session, setSession)
  const dismissEnded = lostMembership.dismiss

  // A link opened in a tab where the app runs already changes only the fragment.
  useEffect(() => {
    const onHashChange = () => {
      const link = invitationLink(window.location.hash)
      if (link) setInvitation(link)
    }
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [])

  // The server no longer accepts the session: back to sign-in, keeping the local database (unlike sign-out).
  const sessionExpired = useCallback(() => {
    forgetExpiredSession()
    dismissEnded()
    setSession(null)
    setNotice(SESSION_EXPIRED)
  }, [dismissEnded])

  // Nothing pending any more (answered, dismissed, signed out): the link leaves the address bar too.
  const forgetInvitation = useCallback(() => {
    forgetInvitationLink()
    setInvitation(null)
    setSignInToJoin(null)
  }, [])

  // The user's organisations as the server lists them now (joined, created, left): the session keeps
  // them, and a membership that ended moves the app on, saying so (lostMembership.ts).
  const keepOrganisations = lostMembership.keep

  // Signed in with an invitation pending: offer to join (or join, after signing in for it).
  const invitationJoin = useInvitationJoin({
    token: invitation?.token ?? null,
    session,
    joinAtOnce: signInToJoin !== null,
    preview: signInToJoin?.preview ?? null,
    onOrganisations: keepOrganisations,
    onAnswered: forgetInvitation,
    onSessionExpired: sessionExpired,
  })

  // Sign-out runs once <DataProvider> has unmounted and closed the database it then deletes.
  useEffect(() => {
    if (!leaving) return
    signOut(leaving)
      .then(() => import('../data/forgetUserData.js'))
      .then(({ removeUserDatabases }) =>
        removeUserDatabases(leaving.user.id, leaving.organisations?.map((o) => o.id) ?? []),
      )
      .catch((error: unknown) => console.warn('Sign-out could not delete the local data', error))
      .finally(() => {
        setLeaving(null)
        setSession(null)
        dismissEnded()
        // A pending invitation was the signed-out person's: the next one at this device starts clean.
        forgetInvitation()
      })
  }, [leaving, forgetInvitation, dismissEnded])

  if (leaving) return <Loading label="Signing out…" />
  if (!session && invitation && !signInToJoin) {
    return (
      <InvitationSignUp
        token={invitation.token}
        onSignedIn={(next) => {
          window.history.replaceState(null, '', window.location.pathname)
          setInvitation(null)
          setSession(next)
        }}
        onSignIn={(preview) => setSignInToJoin({ preview })}
        onSignInWithout={forgetInvitation}
      />
    )
  }
  if (!session) {
    const joining = invitation ? signInToJoin : null
    const invitedTo = joining?.preview
    return (
      <SignInScreen
        notice={
          joining
            ? invitedTo
              ? `Sign in to join ${invitedTo.organisation.name} as ${invitedTo.role}.`
              : 'Sign in to accept the invitation.'
            : notice
        }
        back={
          joining
            ? { label: 'Back to the invitation (create an account)', onClick: () => setSignInToJoin(null) }
            : undefined
        }
        onSignedIn={(next) => {
          setNotice(null)
          setSession(next)
        }}
      />
    )
  }
  // The user moves to another organisation on their own: a notice of an ended membership (saying
  // where the app went instead) is old news there.
  const switchTo = (organisationId: string) => {
    dismissEnded()
    setSession(switchOrganisation(session, organisationId))
  }
  const invitationNotice = invitationJoin.state && (
    <InvitationNotice
      state={invitationJoin.state}
      currentOrganisationId={session.organisationId}
      onJoin={invitationJoin.join}
      onSwitch={switchTo}
      onDismiss={() => {
        invitationJoin.dismiss()
        forgetInvitation()
      }}
    />
  )
  if (belongsToNone(session)) {
    return (
      <NoOrganisationScreen
        session={session}
        ended={lostMembership.ended}
        onSignOut={() => setLeaving(session)}
        onOrganisations={keepOrganisations}
        invitation={invitationNotice}
      />
    )
  }
  const ended = lostMembership.ended
  return (
    <Suspense fallback={<Loading label="Opening your bookings…" />}>
      <SignedInApp
        session={session}
        onSessionExpired={sessionExpired}
        onSignOut={() => setLeaving(session)}
        onUserChanged={(user) => setSession(rememberUser(session, user))}
        onSwitchOrganisation={switchTo}
        onOrganisations={keepOrganisations}
        onNotAMember={lostMembership.check}
        notice={
          (ended || invitationNotice) && (
            <>
              {ended && <MembershipEndedNotice ended={ended} onDismiss={dismissEnded} />}
              {invitationNotice}
            </>
          )
        }
      />
    </Suspense>
  )
}
