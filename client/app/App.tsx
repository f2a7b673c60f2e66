import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
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
import { InvitationSignUp, invitationToken } from './InvitationSignUp.js'
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
  const [invitation, setInvitation] = useState<string | null>(() => invitationToken(window.location.hash))

  // The server no longer accepts the session: back to sign-in, keeping the local database (unlike sign-out).
  const sessionExpired = useCallback(() => {
    forgetExpiredSession()
    setSession(null)
    setNotice(SESSION_EXPIRED)
  }, [])

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
      })
  }, [leaving])

  if (leaving) return <Loading label="Signing out…" />
  if (!session && invitation) {
    return (
      <InvitationSignUp
        token={invitation}
        onSignedIn={(next) => {
          window.history.replaceState(null, '', window.location.pathname)
          setInvitation(null)
          setSession(next)
        }}
        onCancel={() => {
          window.history.replaceState(null, '', window.location.pathname)
          setInvitation(null)
        }}
      />
    )
  }
  if (!session) {
    return (
      <SignInScreen
        notice={notice}
        onSignedIn={(next) => {
          setNotice(null)
          setSession(next)
        }}
      />
    )
  }
  return (
    <Suspense fallback={<Loading label="Opening your bookings…" />}>
      <SignedInApp
        session={session}
        onSessionExpired={sessionExpired}
        onSignOut={() => setLeaving(session)}
        onUserChanged={(user) => setSession(rememberUser(session, user))}
        onSwitchOrganisation={(organisationId) => setSession(switchOrganisation(session, organisationId))}
      />
    </Suspense>
  )
}
