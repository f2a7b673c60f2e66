import { useState } from 'react'
import type { Session } from '../data/index.js'
import { DataProvider, loadSession, signOut } from '../data/index.js'
import { Announcer } from '../ui/Announcer.js'
import { Shell } from './Shell.js'
import { SignInScreen } from './SignInScreen.js'

/** Signed out: the sign-in screen. Signed in: the user's local database and the app around it. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession())
  if (!session) return <SignInScreen onSignedIn={setSession} />
  return (
    <DataProvider session={session}>
      <Announcer>
        <Shell
          user={session.user}
          onSignOut={async () => {
            await signOut(session)
            setSession(null)
          }}
        />
      </Announcer>
    </DataProvider>
  )
}
