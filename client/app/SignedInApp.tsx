import type { ReactNode } from 'react'
import type { MyOrganisation } from '../../shared/organisations.js'
import type { User } from '../../shared/schemas.js'
import { DataProvider, type Session } from '../data/index.js'
import { Announcer } from '../ui/Announcer.js'
import { Shell } from './Shell.js'

interface SignedInAppProps {
  session: Session
  onSessionExpired: () => void
  onSignOut: () => void
  onUserChanged: (user: User) => void
  onSwitchOrganisation: (organisationId: string) => void
  onOrganisations: (organisations: MyOrganisation[]) => void
  /** A line under the header from outside the signed-in part (an invitation to join). */
  notice?: ReactNode
}

/**
 * Everything behind sign-in: the user's local database (RxDB), replication and the app around it.
 * Its own chunk, loaded once someone signs in, so the sign-in page does not download the database.
 */
export default function SignedInApp({
  session,
  onSessionExpired,
  onSignOut,
  onUserChanged,
  onSwitchOrganisation,
  onOrganisations,
  notice,
}: SignedInAppProps) {
  return (
    <DataProvider session={session} onSessionExpired={onSessionExpired}>
      <Announcer>
        <Shell
          session={session}
          onSignOut={onSignOut}
          onSwitchOrganisation={onSwitchOrganisation}
          onOrganisations={onOrganisations}
          onUserChanged={onUserChanged}
          notice={notice}
        />
      </Announcer>
    </DataProvider>
  )
}
