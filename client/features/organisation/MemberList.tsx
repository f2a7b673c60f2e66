import { useState } from 'react'
import type { Member, UpcomingWork } from '../../../shared/organisations.js'
import { type OrganisationActor, membershipChangeRefusal } from '../../../shared/policy.js'
import type { MembershipRole } from '../../../shared/schemas.js'
import { hasUpcomingWork, upcomingWorkText } from '../../../shared/upcomingWorkText.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { ROLE_CHOICES, ROLE_NAMES } from './roleNames.js'
import { RowRefusal } from './RowRefusal.js'
import { useInFlight } from './useInFlight.js'

/**
 * The organisation's members, for an admin: per member a role to choose (saved with Change role) and
 * Remove (asked first, saying what happens). What the server would refuse, as far as the page can
 * tell, is not offered: the last admin cannot be demoted or removed (membershipChangeRefusal, the
 * server's own rule). A member's upcoming slots and bookings are read when Remove is pressed: while
 * they have any, the refusal (MEMBER_HAS_UPCOMING_WORK, what to do) is said at their row instead of
 * asking to confirm a removal the server would refuse. A role change refused for it is said there too.
 */
export function MemberList({
  members,
  me,
  organisationName,
  onChangeRole,
  onRemove,
  upcomingWork,
}: {
  members: readonly Member[]
  /** The signed-in admin, in this organisation. */
  me: OrganisationActor
  organisationName: string
  onChangeRole: (member: Member, role: MembershipRole) => Promise<void>
  /** Removes them; rejects with the server's refusal. */
  onRemove: (member: Member) => Promise<void>
  /** Reads what would refuse their removal (their upcoming slots and bookings here). */
  upcomingWork: (member: Member) => Promise<UpcomingWork>
}) {
  const admins = members.filter((m) => m.role === 'admin').length
  return (
    <ul className="organisation__rows" data-testid="member-list">
      {members.map((member) => (
        <MemberRow
          key={`${member.userId}:${member.role}`}
          member={member}
          me={me}
          admins={admins}
          organisationName={organisationName}
          onChangeRole={onChangeRole}
          onRemove={onRemove}
          upcomingWork={upcomingWork}
        />
      ))}
    </ul>
  )
}

function MemberRow({
  member,
  me,
  admins,
  organisationName,
  onChangeRole,
  onRemove,
  upcomingWork,
}: {
  member: Member
  me: OrganisationActor
  admins: number
  organisationName: string
  onChangeRole: (member: Member, role: MembershipRole) => Promise<void>
  onRemove: (member: Member) => Promise<void>
  upcomingWork: (member: Member) => Promise<UpcomingWork>
}) {
  const [role, setRole] = useState<MembershipRole>(member.role)
  const { busy: saving, run } = useInFlight()
  const [refused, setRefused] = useState<string | null>(null)
  /** Sends one change of this row at a time; a refusal is said here, and `onRefused` undoes the choice. */
  const attempt = (change: () => Promise<void>, onRefused = () => {}) =>
    run(() => {
      setRefused(null)
      return change()
    })?.catch((e: unknown) => {
      onRefused()
      setRefused(e instanceof Error ? e.message : String(e))
    })
  /** Whether to ask to confirm the removal: not when it would be refused (said at the row instead). */
  const mayAskToRemove = async () => {
    setRefused(null)
    try {
      const work = await upcomingWork(member)
      if (!hasUpcomingWork(work)) return true
      setRefused(upcomingWorkText(member.name, member.role, work, null))
    } catch (e) {
      setRefused(e instanceof Error ? e.message : String(e))
    }
    return false
  }
  const refusal = (newRole: MembershipRole | null) =>
    membershipChangeRefusal(me, { member: { userId: member.userId, role: member.role }, newRole }, admins)
  const isMe = member.userId === me.userId
  const lastAdmin = refusal(null) === 'LAST_ADMIN'
  const question = isMe
    ? `Leave ${organisationName}? You lose access to it at once; your account stays.`
    : `Remove ${member.name} from ${organisationName}? They lose access at once. Their account and past bookings stay; their waitlist places here are given up.`
  return (
    <li data-testid="member" data-email={member.email} data-role={member.role}>
      <span>
        <strong>{member.name}</strong>
        {isMe && ' (you)'} <span className="muted">{member.email}</span>
        {lastAdmin && (
          <span className="muted member__hint">
            <br />
            The only admin: make someone else an admin before changing this.
          </span>
        )}
      </span>
      <span className="member__actions">
        <select
          aria-label={`Role of ${member.name}`}
          value={role}
          onChange={(e) => setRole(e.target.value as MembershipRole)}
          disabled={saving}
          data-testid="member-role"
        >
          {ROLE_CHOICES.map((choice) => (
            <option key={choice} value={choice} disabled={refusal(choice) !== null}>
              {ROLE_NAMES[choice]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={saving || role === member.role}
          onClick={() =>
            attempt(
              () => onChangeRole(member, role),
              () => setRole(member.role),
            )
          }
          data-testid="member-role-save"
        >
          Change role
        </button>
        <ConfirmButton
          label={isMe ? 'Leave' : 'Remove'}
          question={question}
          confirmLabel={isMe ? 'Leave organisation' : `Remove ${member.name}`}
          onConfirm={() => attempt(() => onRemove(member))}
          beforeAsking={mayAskToRemove}
          disabled={lastAdmin || saving}
          testId="member-remove"
        />
      </span>
      {refused && <RowRefusal message={refused} testId="member-refusal" />}
    </li>
  )
}
