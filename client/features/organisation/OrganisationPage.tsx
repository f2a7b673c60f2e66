import { useEffect, useMemo, useRef, useState } from 'react'
import type {
  IssuedInvitation,
  Member,
  MyOrganisation,
  PendingInvitation,
} from '../../../shared/organisations.js'
import { type OrganisationActor, domainRole } from '../../../shared/policy.js'
import type { MembershipRole } from '../../../shared/schemas.js'
import { useDataContext } from '../../data/dataContext.js'
import { type AuditTrail, useOrganisationAdmin } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { CopyButton } from '../../ui/CopyButton.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { type Paged, ShowMore } from '../../ui/ShowMore.js'
import type { AuditRow } from './auditDescription.js'
import { trailPage } from './auditPaging.js'
import { MemberList } from './MemberList.js'
import { NewOrganisationForm } from './NewOrganisationForm.js'
import { OpenInvitations } from './OpenInvitations.js'
import { ROLE_CHOICES, ROLE_NAMES } from './roleNames.js'
import { useInFlight } from './useInFlight.js'

/** Rows of the audit trail shown at first, and how many more each "Show more" adds. */
const AUDIT_PAGE = 25

interface ShownTrail extends Paged<AuditRow> {
  /** Rows asked for whose entries are still being read from the server. */
  awaiting: boolean
}

/**
 * The trail's rows a page at a time (trailPage), over every entry the server holds: "Show 25 more
 * (103 not shown)" counts rows, those read but not shown and those the older entries on the server
 * start, which are read (a server page ahead of the rows shown) as the list grows.
 */
function useShownTrail(audit: AuditTrail, names: ReadonlyMap<string, string>, zone: string): ShownTrail {
  const [shown, setShown] = useState(AUDIT_PAGE)
  const { entries, older, olderRows, loadMore } = audit
  const { visible, hidden, whole } = useMemo(
    () => trailPage(entries, { older, olderRows }, shown, names, zone),
    [entries, older, olderRows, shown, names, zone],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: entries.length too: a page that only goes on with the last row read adds no whole row, and reads on
  useEffect(() => {
    if (whole < shown + AUDIT_PAGE && older > 0) loadMore()
  }, [whole, shown, entries.length, older, loadMore])
  return {
    visible,
    hidden,
    pageSize: AUDIT_PAGE,
    more: () => setShown((n) => n + AUDIT_PAGE),
    awaiting: visible.length < shown && older > 0,
  }
}

/**
 * An admin's view of their organisation: invite people and revoke the links not used yet, the
 * members (their roles, removing them) and the audit trail.
 */
export function OrganisationPage({
  zone,
  organisations,
  onOrganisations,
  onSwitchOrganisation,
}: {
  zone: string
  /** The user's organisations as the session knows them. */
  organisations: readonly MyOrganisation[] | undefined
  /** The list changed (an organisation created here): the session keeps it, the switcher shows it. */
  onOrganisations: (organisations: MyOrganisation[]) => void
  onSwitchOrganisation: (organisationId: string) => void
}) {
  const admin = useOrganisationAdmin(organisations)
  const { members, audit, invite, createOrganisation } = admin
  const { session } = useDataContext()
  const announce = useAnnounce()
  const organisationId = session.organisationId ?? organisations?.[0]?.id ?? ''
  const organisationName = organisations?.find((o) => o.id === organisationId)?.name ?? 'this organisation'
  // This page is an admin's (the server refuses its reads and changes to anyone else).
  const me: OrganisationActor = {
    userId: session.user.id,
    role: domainRole('admin'),
    organisationId,
    organisationRole: 'admin',
  }
  const [role, setRole] = useState<MembershipRole>('customer')
  const [issued, setIssued] = useState<IssuedInvitation | null>(null)
  const invitationInput = useRef<HTMLInputElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const inviting = useInFlight()
  const [error, setError] = useState<string | null>(null)
  const names = useMemo(() => new Map(members.data.map((m) => [m.userId, m.name])), [members.data])
  const trail = useShownTrail(audit, names, zone)
  const failed = (e: unknown) => setError(e instanceof Error ? e.message : String(e))
  /**
   * Runs a change, its success said by `done`. Its refusal is the caller's to show: a member's at
   * their row (MemberList), where the admin acted; an invitation's in the page's error note (a
   * refused revocation's row goes: the link was used or had expired).
   */
  const act = async <T,>(change: Promise<T>, done: (value: T) => string): Promise<T> => {
    const value = await change
    announce(done(value))
    return value
  }
  const revoke = (invitation: PendingInvitation) => {
    setError(null)
    return act(
      admin.revokeInvitation(invitation.id),
      () => `${ROLE_NAMES[invitation.role]} invitation revoked: its link no longer works.`,
    ).then(() => {
      // The link shown since it was made no longer works: do not leave it on the page.
      setIssued((shown) => (shown?.id === invitation.id ? null : shown))
    }, failed)
  }
  const changeRole = async (member: Member, role: MembershipRole) => {
    await act(
      admin.changeRole(member.userId, role),
      () => `${member.name} is now ${ROLE_NAMES[role].toLowerCase()}.`,
    )
    // The admin's own role changed: the session's list says so (the page is an admin's).
    if (member.userId === me.userId) {
      onOrganisations((organisations ?? []).map((o) => (o.id === organisationId ? { ...o, role } : o)))
    }
  }
  const remove = async (member: Member) => {
    await act(admin.removeMember(member.userId), () =>
      member.userId === me.userId
        ? `You left ${organisationName}.`
        : `${member.name} was removed from ${organisationName}.`,
    )
    if (member.userId !== me.userId) return
    // Left: this organisation is no longer the user's; work on in another one if there is one.
    const remaining = (organisations ?? []).filter((o) => o.id !== organisationId)
    onOrganisations(remaining)
    if (remaining[0]) onSwitchOrganisation(remaining[0].id)
  }

  return (
    <section className="page" aria-labelledby="organisation-title">
      <div className="page__header">
        <h1 id="organisation-title" ref={heading} tabIndex={-1}>
          Organisation
        </h1>
      </div>
      <ErrorNote error={error} />

      <section className="card organisation__card" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite someone</h2>
        <form
          className="form-row"
          onSubmit={(event) => {
            event.preventDefault()
            // Once: a second click while the link is made would make a second, unseen open invitation.
            inviting
              .run(() => {
                setError(null)
                return invite(role)
              })
              ?.then(setIssued, failed)
          }}
        >
          <label className="field field--inline">
            <span>Role</span>
            <select
              value={role}
              onChange={(e) => setRole(e.target.value as MembershipRole)}
              data-testid="invite-role"
            >
              {ROLE_CHOICES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAMES[r]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="button button--primary"
            aria-disabled={inviting.busy}
            aria-busy={inviting.busy}
            data-testid="create-invitation"
          >
            Create invitation link
          </button>
        </form>
        {issued && (
          <div className="invitation-link">
            <p>
              Send this link to the person you invite ({issued.role}, valid until{' '}
              {formatLongDateTime(issued.expiresAt, zone)}). It is shown only now and works once:
            </p>
            <div className="copy-field">
              <input
                ref={invitationInput}
                readOnly
                value={issued.url}
                className="copy-field__text"
                data-testid="invitation-link"
                aria-label="Invitation link"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton
                text={issued.url}
                shownIn={invitationInput}
                what="the link"
                label="Copy link"
                testId="invitation-copy"
              />
            </div>
          </div>
        )}
      </section>

      <section className="card organisation__card" aria-labelledby="open-invitations-title">
        <h2 id="open-invitations-title">Open invitations</h2>
        <OpenInvitations invitations={admin.invitations} zone={zone} onRevoke={revoke} />
      </section>

      <section className="card organisation__card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {members.error ? (
          <Failure message={members.error} />
        ) : members.loading ? (
          <Loading label="Loading the members…" />
        ) : (
          <MemberList
            members={members.data}
            me={me}
            organisationName={organisationName}
            onChangeRole={changeRole}
            onRemove={remove}
            upcomingWork={(member) => admin.upcomingWork(member.userId)}
          />
        )}
      </section>

      <section className="card organisation__card" aria-labelledby="audit-title">
        <h2 id="audit-title">Audit trail</h2>
        {audit.error ? (
          <Failure message={audit.error} />
        ) : audit.loading ? (
          <Loading label="Loading the audit trail…" />
        ) : audit.entries.length === 0 ? (
          <Empty title="Nothing has happened yet" />
        ) : (
          <>
            <ol className="organisation__rows" data-testid="organisation-audit">
              {trail.visible.map((row) => (
                <li key={row.id} data-action={row.action}>
                  <span>{row.text}</span>
                  <time className="muted" dateTime={row.at} data-testid="audit-at">
                    {formatLongDateTime(row.at, zone)}
                  </time>
                </li>
              ))}
            </ol>
            {audit.moreError && <Failure message={audit.moreError} />}
            {audit.loadingMore && trail.awaiting && <Loading label="Loading older entries…" />}
            <ShowMore paged={trail} testId="organisation-audit-more" />
          </>
        )}
      </section>

      <section className="card organisation__card" aria-labelledby="new-organisation-title">
        <h2 id="new-organisation-title">New organisation</h2>
        <NewOrganisationForm
          currentOrganisationId={organisationId}
          createOrganisation={async (body) => {
            const created = await createOrganisation(body)
            onOrganisations(created.organisations)
            return created.organisation
          }}
          onSwitch={(id) => {
            onSwitchOrganisation(id)
            // The page now shows the new organisation: read it from its top (the button pressed goes).
            heading.current?.focus()
          }}
        />
      </section>
    </section>
  )
}
