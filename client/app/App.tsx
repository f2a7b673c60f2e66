import { useEffect, useState } from 'react'
import { DataProvider, loadSession, type Session, signOut } from '../data/index.js'
import { removeUserDatabase } from '../data/forgetUserData.js'
import { Announcer } from '../ui/Announcer.js'
import { Loading } from '../ui/DataState.js'
import { Shell } from './Shell.js'
import { SignInScreen } from './SignInScreen.js'

/** Signed out: the sign-in screen. Signed in: the user's local database and the app around it. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession())
  const [leaving, setLeaving] = useState<Session | null>(null)

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
  if (!session) return <SignInScreen onSignedIn={setSession} />
  return (
    <DataProvider session={session}>
      <Announcer>
        <Shell user={session.user} onSignOut={() => setLeaving(session)} />
      </Announcer>
    </DataProvider>
  )
}
