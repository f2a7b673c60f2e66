import { useEffect, useMemo, useRef, useState } from 'react'
import type { IssuedInvitation, MyOrganisation } from '../../../shared/organisations.js'
import type { MembershipRole } from '../../../shared/schemas.js'
import { type AuditTrail, useOrganisationAdmin } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { CopyButton } from '../../ui/CopyButton.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { type Paged, ShowMore } from '../../ui/ShowMore.js'
import type { AuditRow } from './auditDescription.js'
import { trailPage } from './auditPaging.js'
import { NewOrganisationForm } from './NewOrganisationForm.js'

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

const ROLES: { id: MembershipRole; name: string }[] = [
  { id: 'customer', name: 'Customer' },
  { id: 'provider', name: 'Provider' },
  { id: 'admin', name: 'Admin' },
]

/** An admin's view of their organisation: invite people, see the members and the audit trail. */
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
  const { members, audit, invite, createOrganisation } = useOrganisationAdmin(organisations)
  const [role, setRole] = useState<MembershipRole>('customer')
  const [issued, setIssued] = useState<IssuedInvitation | null>(null)
  const invitationInput = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string | null>(null)
  const names = useMemo(() => new Map(members.data.map((m) => [m.userId, m.name])), [members.data])
  const trail = useShownTrail(audit, names, zone)
  const failed = (e: unknown) => setError(e instanceof Error ? e.message : String(e))

  return (
    <section className="page" aria-labelledby="organisation-title">
      <div className="page__header">
        <h1 id="organisation-title">Organisation</h1>
      </div>
      <ErrorNote error={error} />

      <section className="card organisation__card" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite someone</h2>
        <form
          className="form-row"
          onSubmit={(event) => {
            event.preventDefault()
            setError(null)
            invite(role).then(setIssued, failed)
          }}
        >
          <label className="field field--inline">
            <span>Role</span>
            <select
              value={role}
              onChange={(e) => setRole(e.target.value as MembershipRole)}
              data-testid="invite-role"
            >
              {ROLES.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--primary" data-testid="create-invitation">
            Create invitation link
          </button>
        </form>
        {issued && (
          <p className="invitation-link">
            Send this link to the person you invite ({issued.role}, valid until{' '}
            {formatLongDateTime(issued.expiresAt, zone)}). It is shown only now and works once:
            <br />
            <input
              ref={invitationInput}
              readOnly
              value={issued.url}
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
          </p>
        )}
      </section>

      <section className="card organisation__card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {members.error ? (
          <Failure message={members.error} />
        ) : members.loading ? (
          <Loading label="Loading the members…" />
        ) : (
          <ul className="organisation__rows" data-testid="member-list">
            {members.data.map((m) => (
              <li key={m.userId}>
                <span>
                  <strong>{m.name}</strong> <span className="muted">{m.email}</span>
                </span>
                <span className={`badge organisation__role organisation__role--${m.role}`}>{m.role}</span>
              </li>
            ))}
          </ul>
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
          createOrganisation={async (body) => {
            const created = await createOrganisation(body)
            onOrganisations(created.organisations)
            return created.organisation
          }}
          onSwitch={onSwitchOrganisation}
        />
      </section>
    </section>
  )
}
