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
    // A badge with its caption, apart from the tabs: beside them, the bare name read like a third tab.
    return only ? (
      <span className="organisation-name" title={only.name}>
        <span className="organisation-name__label">Organisation</span>
        <span className="organisation-name__value" data-testid="organisation-name">
          {only.name}
        </span>
      </span>
    ) : null
  }
  const currentId = session.organisationId ?? organisations[0]?.id
  const current = organisations.find((o) => o.id === currentId) ?? organisations[0]
  // A closed <select> shows its value on one line, cut at the control's width: "Weber Physio Berlin"
  // and "Weber Physio Potsdam" both read "Weber Physio". The current name is shown in full (wrapping
  // to two lines, three on a phone) under a transparent select, which still opens the native list and is what a screen
  // reader and the keyboard use; the title names it in full too.
  return (
    <label className="organisation-switcher" title={current?.name}>
      <span className="visually-hidden">Organisation</span>
      <span className="organisation-switcher__current" aria-hidden="true" data-testid="organisation-current">
        {current?.name}
      </span>
      <select
        data-testid="organisation-switcher"
        value={currentId}
        title={current?.name}
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
