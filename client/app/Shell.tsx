import { lazy, type ReactNode, Suspense, useState } from 'react'
import { domainRole, mayManageSlots, readingZone } from '../../shared/policy.js'
import type { MyOrganisation } from '../../shared/organisations.js'
import type { User } from '../../shared/schemas.js'
import type { Session } from '../data/api.js'
import { useOrganisationsRefresh } from '../data/memberships.js'
import { useAccountUser } from '../data/profile.js'
import { currentMembership } from '../data/session.js'
import { MyBookingsPage } from '../features/bookings/MyBookingsPage.js'
import { SlotCalendarPage } from '../features/slots/SlotCalendarPage.js'
import { RefusedChanges } from '../features/sync/RefusedChanges.js'
import { RejectionNotices } from '../features/sync/RejectionNotices.js'
import { NotificationBell } from '../features/notifications/NotificationBell.js'
import { ProfileDialog } from '../features/profile/ProfileDialog.js'
import { useDesktopNotifications } from '../features/notifications/desktopNotifications.js'
import { SyncIndicator } from '../features/sync/SyncIndicator.js'
import { useRefusalToasts } from '../features/sync/useRefusalToasts.js'
import { useSeriesOutcomeToasts } from '../features/bookings/useSeriesOutcomeToasts.js'
import { useSettledBookingToasts } from '../features/sync/useSettledBookingToasts.js'
import { useSettledChangeToasts } from '../features/sync/useChangeAnnouncer.js'
import { viewerTimeZone } from '../ui/calendarTime.js'
import { Loading } from '../ui/DataState.js'
import { MainTabs } from './MainTabs.js'
import { type Page, type Route, useRoute } from './route.js'
import { OrganisationSwitcher } from './OrganisationSwitcher.js'
import { SignOutButton } from './SignOutButton.js'
import { useScrollTopOnPageChange } from './useScrollTopOnPageChange.js'

// Provider screens are their own chunk: most users are customers and never load them.
const ProviderCalendarPage = lazy(() =>
  import('../features/provider/ProviderCalendarPage.js').then((m) => ({ default: m.ProviderCalendarPage })),
)
const InboxPage = lazy(() =>
  import('../features/provider/InboxPage.js').then((m) => ({ default: m.InboxPage })),
)
const ServicesPage = lazy(() =>
  import('../features/services/ServicesPage.js').then((m) => ({ default: m.ServicesPage })),
)
/** The insights screen and its charts load only when a provider opens it. */
const InsightsPage = lazy(() => import('../features/insights/InsightsPage.js'))
/** Webhooks: a provider's endpoints and delivery log, loaded when opened. */
const WebhooksPage = lazy(() => import('../features/webhooks/WebhooksPage.js'))
const OrganisationPage = lazy(() =>
  import('../features/organisation/OrganisationPage.js').then((m) => ({ default: m.OrganisationPage })),
)
const StatsPage = lazy(() =>
  import('../features/provider/StatsPage.js').then((m) => ({ default: m.StatsPage })),
)

const customerPages: { page: Page; label: string }[] = [
  { page: 'slots', label: 'Book' },
  { page: 'bookings', label: 'My bookings' },
]
const providerPages: { page: Page; label: string }[] = [
  { page: 'provider-slots', label: 'My slots' },
  { page: 'inbox', label: 'Requests' },
  { page: 'stats', label: 'Stats' },
  { page: 'insights', label: 'Insights' },
  { page: 'services', label: 'Services' },
  { page: 'webhooks', label: 'Webhooks' },
]

interface ShellProps {
  session: Session
  onSignOut: () => void
  onSwitchOrganisation: (organisationId: string) => void
  /** The server lists other organisations than the session knows (one created or joined since sign-in). */
  onOrganisations: (organisations: MyOrganisation[]) => void
  /** The profile was saved, or changed on another device: the app keeps the new user in its session. */
  onUserChanged: (user: User) => void
  /** A line under the header from outside the signed-in part (an invitation to join). */
  notice?: ReactNode
}

/** Header (navigation, organisation, sync state, account) and the page for the user's role there. */
export function Shell({
  session,
  onSignOut,
  onSwitchOrganisation,
  onOrganisations,
  onUserChanged,
  notice,
}: ShellProps) {
  const { user } = session
  // The profile is the account's: a change made on another device reaches this one (profile.ts).
  useAccountUser(user, onUserChanged)
  // So are the memberships: an organisation created or joined since sign-in reaches the switcher.
  useOrganisationsRefresh(session.organisations, onOrganisations)
  // The role in the organisation the app works in (a person may be a customer here, an admin there).
  const membership = currentMembership(session)
  const role = membership ? domainRole(membership.role) : user.role
  const isProvider = mayManageSlots({ userId: user.id, role })
  const rolePages = isProvider ? providerPages : customerPages
  const pages =
    membership?.role === 'admin'
      ? [...rolePages, { page: 'organisation' as const, label: 'Organisation' }]
      : rolePages
  const [rawRoute, navigate] = useRoute(pages[0]?.page ?? 'slots')
  const route: Route = pages.some((p) => p.page === rawRoute.page)
    ? rawRoute
    : { page: pages[0]?.page ?? 'slots' }
  // Providers read and enter every time in their business zone (the one the server expands patterns in),
  // whatever zone their device is set to; customers read times in the zone their profile chose, else their
  // device's (shared/policy.ts readingZone). Both are named on screen.
  const zone = readingZone({ ...user, role }, viewerTimeZone())
  const [profileOpen, setProfileOpen] = useState(false)
  useScrollTopOnPageChange(route.page)
  useSettledBookingToasts()
  useRefusalToasts(zone)
  useSeriesOutcomeToasts(zone)
  useSettledChangeToasts()
  useDesktopNotifications(zone)

  return (
    <div className="shell" data-testid="shell" data-role={role}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <div className="brand">
            <img src="/icon.svg" alt="" width={28} height={28} />
            <span className="brand__name">UniService</span>
          </div>
          <MainTabs pages={pages} current={route.page} navigate={navigate} />
          <OrganisationSwitcher session={session} onSwitch={onSwitchOrganisation} />
          <NotificationBell zone={zone} page={route.page} forProvider={isProvider} navigate={navigate} />
          <SyncIndicator zone={zone} />
          <div className="account">
            <button
              type="button"
              className="button button--ghost button--small account__profile"
              onClick={() => setProfileOpen(true)}
              aria-label={`Profile of ${user.name}`}
              title={user.email}
              data-testid="open-profile"
            >
              <span className="account__name">{user.name}</span>
              <span className="account__profile-label">Profile</span>
            </button>
            <SignOutButton onSignOut={onSignOut} />
          </div>
        </div>
      </header>
      {profileOpen && (
        <ProfileDialog user={user} open onClose={() => setProfileOpen(false)} onSaved={onUserChanged} />
      )}
      {notice}
      <RejectionNotices zone={zone} navigate={navigate} />
      {isProvider && <RefusedChanges zone={zone} />}
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<Loading label="Loading…" />}>
          {route.page === 'slots' && <SlotCalendarPage route={route} navigate={navigate} zone={zone} />}
          {route.page === 'bookings' && <MyBookingsPage route={route} navigate={navigate} zone={zone} />}
          {route.page === 'provider-slots' && (
            <ProviderCalendarPage route={route} navigate={navigate} zone={zone} providerId={user.id} />
          )}
          {route.page === 'inbox' && <InboxPage zone={zone} />}
          {route.page === 'stats' && (
            <StatsPage route={route} navigate={navigate} zone={zone} providerId={user.id} />
          )}
          {route.page === 'services' && <ServicesPage providerId={user.id} />}
          {route.page === 'webhooks' && <WebhooksPage zone={zone} />}
          {route.page === 'organisation' && (
            <OrganisationPage
              zone={zone}
              organisations={session.organisations}
              onOrganisations={onOrganisations}
              onSwitchOrganisation={onSwitchOrganisation}
            />
          )}
          {route.page === 'insights' && (
            <InsightsPage
              route={route}
              navigate={navigate}
              providerId={user.id}
              providerTimeZone={user.timeZone}
            />
          )}
        </Suspense>
      </main>
    </div>
  )
}
