import type { Session } from '../data/api.js'

/**
 * Which organisation the app works in, for users who belong to several (issue 9). Switching opens
 * that organisation's own local database and replication; nothing of the other is shown meanwhile.
 */
export function OrganisationSwitcher({
  session,
  onSwitch,
}: {
  session: Session
  onSwitch: (organisationId: string) => void
}) {
  const organisations = session.organisations ?? []
  if (organisations.length < 2) {
    const only = organisations[0]
    return only ? (
      <span className="organisation-name" data-testid="organisation-name">
        {only.name}
      </span>
    ) : null
  }
  return (
    <label className="organisation-switcher">
      <span className="visually-hidden">Organisation</span>
      <select
        data-testid="organisation-switcher"
        value={session.organisationId ?? organisations[0]?.id}
        onChange={(event) => onSwitch(event.target.value)}
      >
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  )
}
