import { useDataContext } from '../data/dataContext.js'
import { useSyncStatus, useWaitingElsewhere } from '../data/index.js'
import { currentOrganisationName, signOutQuestion } from '../data/waitingChanges.js'
import { ConfirmButton } from '../ui/ConfirmButton.js'

/**
 * Signing out deletes this device's copy of the user's data in every organisation, so with changes
 * still waiting to be sent in any of them it asks first, naming where (they would be lost).
 */
export function SignOutButton({ onSignOut }: { onSignOut: () => void }) {
  const { session } = useDataContext()
  const { pendingChanges } = useSyncStatus()
  const elsewhere = useWaitingElsewhere()
  const question = signOutQuestion(
    { organisationName: currentOrganisationName(session), count: pendingChanges },
    elsewhere,
  )
  if (question !== null) {
    return (
      <ConfirmButton
        label="Sign out"
        question={question}
        confirmLabel="Sign out anyway"
        onConfirm={onSignOut}
        testId="sign-out"
      />
    )
  }
  return (
    <button
      type="button"
      className="button button--ghost button--small"
      onClick={onSignOut}
      data-testid="sign-out"
    >
      Sign out
    </button>
  )
}
