import { useCallback, useEffect, useState } from 'react'
import { DataProvider, forgetExpiredSession, loadSession, type Session, signOut } from '../data/index.js'
import { removeUserDatabase } from '../data/forgetUserData.js'
import { Announcer } from '../ui/Announcer.js'
import { Loading } from '../ui/DataState.js'
import { Shell } from './Shell.js'
import { SignInScreen } from './SignInScreen.js'

const SESSION_EXPIRED =
  'Your session has ended. Please sign in again. Changes not sent yet are kept on this device and are sent once you sign in again with the same account.'

/** Signed out: the sign-in screen. Signed in: the user's local database and the app around it. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession())
  const [leaving, setLeaving] = useState<Session | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

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
      .then(() => removeUserDatabase(leaving.user.id))
      .catch((error: unknown) => console.warn('Sign-out could not delete the local data', error))
      .finally(() => {
        setLeaving(null)
        setSession(null)
      })
  }, [leaving])

  if (leaving) return <Loading label="Signing out…" />
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
    <DataProvider session={session} onSessionExpired={sessionExpired}>
      <Announcer>
        <Shell user={session.user} onSignOut={() => setLeaving(session)} />
      </Announcer>
    </DataProvider>
  )
}
