import type { PendingInvitation } from '../../../shared/organisations.js'
import type { Loadable } from '../../data/api.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { ROLE_NAMES } from './roleNames.js'
import { useInFlight } from './useInFlight.js'

/**
 * The invitation links that still work, for an admin: which role, who made it and until when, and
 * Revoke (asked first). A link itself is never shown again: only when it is made.
 */
export function OpenInvitations({
  invitations,
  zone,
  onRevoke,
}: {
  invitations: Loadable<PendingInvitation[]>
  zone: string
  onRevoke: (invitation: PendingInvitation) => Promise<void>
}) {
  if (invitations.error) return <Failure message={invitations.error} />
  if (invitations.loading) return <Loading label="Loading the open invitations…" />
  if (invitations.data.length === 0) {
    return <Empty title="No open invitations">Links you create appear here until they are used.</Empty>
  }
  return (
    <ul className="organisation__rows" data-testid="open-invitations">
      {invitations.data.map((invitation) => (
        <InvitationRow key={invitation.id} invitation={invitation} zone={zone} onRevoke={onRevoke} />
      ))}
    </ul>
  )
}

function InvitationRow({
  invitation,
  zone,
  onRevoke,
}: {
  invitation: PendingInvitation
  zone: string
  onRevoke: (invitation: PendingInvitation) => Promise<void>
}) {
  // Revoked once: Revoke is not offered again while the request runs.
  const { busy, run } = useInFlight()
  return (
    <li data-testid="open-invitation" data-role={invitation.role} aria-busy={busy}>
      <span>
        <strong>{ROLE_NAMES[invitation.role]}</strong> invitation from {invitation.createdBy.name}
        <br />
        <span className="muted">Works until {formatLongDateTime(invitation.expiresAt, zone)}, once</span>
      </span>
      <ConfirmButton
        label="Revoke"
        question="Revoke this invitation? Its link stops working at once."
        confirmLabel="Revoke link"
        onConfirm={() => run(() => onRevoke(invitation))}
        disabled={busy}
        testId="invitation-revoke"
      />
    </li>
  )
}
