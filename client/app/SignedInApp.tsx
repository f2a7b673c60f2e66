import type { ReactNode } from 'react'
import type { MyOrganisation } from '../../shared/organisations.js'
import type { User } from '../../shared/schemas.js'
import type { LostOrganisation } from '../data/DataProvider.js'
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
  /** The server says the user is no member of the session's organisation any more (lostMembership.ts). */
  onNotAMember: (lost: LostOrganisation) => void
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
  onNotAMember,
  notice,
}: SignedInAppProps) {
  return (
    <DataProvider session={session} onSessionExpired={onSessionExpired} onNotAMember={onNotAMember}>
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
