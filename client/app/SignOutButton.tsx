import { useSyncStatus } from '../data/index.js'
import { ConfirmButton } from '../ui/ConfirmButton.js'

/**
 * Signing out deletes this device's copy of the user's data, so with changes still waiting to be
 * sent it asks first (they would be lost).
 */
export function SignOutButton({ onSignOut }: { onSignOut: () => void }) {
  const { pendingChanges } = useSyncStatus()
  if (pendingChanges > 0) {
    return (
      <ConfirmButton
        label="Sign out"
        question={`${pendingChanges} unsynced ${pendingChanges === 1 ? 'change' : 'changes'} will be lost. Sign out?`}
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
