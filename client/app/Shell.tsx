import { lazy, Suspense } from 'react'
import { domainRole, mayManageSlots } from '../../shared/policy.js'
import type { Session } from '../data/api.js'
import { currentMembership } from '../data/session.js'
import { MyBookingsPage } from '../features/bookings/MyBookingsPage.js'
import { SlotCalendarPage } from '../features/slots/SlotCalendarPage.js'
import { RejectionNotices } from '../features/sync/RejectionNotices.js'
import { NotificationBell } from '../features/notifications/NotificationBell.js'
import { useDesktopNotifications } from '../features/notifications/desktopNotifications.js'
import { SyncIndicator } from '../features/sync/SyncIndicator.js'
import { useSettledBookingToasts } from '../features/sync/useSettledBookingToasts.js'
import { viewerTimeZone } from '../ui/calendarTime.js'
import { Loading } from '../ui/DataState.js'
import { type Page, type Route, useRoute } from './route.js'
import { OrganisationSwitcher } from './OrganisationSwitcher.js'
import { SignOutButton } from './SignOutButton.js'

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
]

interface ShellProps {
  session: Session
  onSignOut: () => void
  onSwitchOrganisation: (organisationId: string) => void
}

/** Header (navigation, organisation, sync state, account) and the page for the user's role there. */
export function Shell({ session, onSignOut, onSwitchOrganisation }: ShellProps) {
  const { user } = session
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
  // Providers read and enter every time in their own zone (the one the server expands patterns in),
  // whatever zone their device is set to; customers read times in their device's zone. Both are named on screen.
  const zone = isProvider ? user.timeZone : viewerTimeZone()
  useSettledBookingToasts()
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
            <span>UniService</span>
          </div>
          <nav aria-label="Main" className="tabs">
            {pages.map((p) => (
              <a
                key={p.page}
                href={`#/${p.page}`}
                className={`tabs__tab${route.page === p.page ? ' tabs__tab--active' : ''}`}
                aria-current={route.page === p.page ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault()
                  navigate({ page: p.page })
                }}
                data-testid={`nav-${p.page}`}
              >
                {p.label}
              </a>
            ))}
          </nav>
          <OrganisationSwitcher session={session} onSwitch={onSwitchOrganisation} />
          <NotificationBell zone={zone} />
          <SyncIndicator zone={zone} />
          <div className="account">
            <span className="account__name" title={user.email}>
              {user.name}
            </span>
            <SignOutButton onSignOut={onSignOut} />
          </div>
        </div>
      </header>
      <RejectionNotices zone={zone} navigate={navigate} />
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<Loading label="Loading…" />}>
          {route.page === 'slots' && <SlotCalendarPage route={route} navigate={navigate} zone={zone} />}
          {route.page === 'bookings' && <MyBookingsPage navigate={navigate} zone={zone} />}
          {route.page === 'provider-slots' && (
            <ProviderCalendarPage route={route} navigate={navigate} zone={zone} providerId={user.id} />
          )}
          {route.page === 'inbox' && <InboxPage zone={zone} />}
          {route.page === 'stats' && (
            <StatsPage route={route} navigate={navigate} zone={zone} providerId={user.id} />
          )}
          {route.page === 'services' && <ServicesPage providerId={user.id} />}
          {route.page === 'organisation' && <OrganisationPage zone={zone} />}
          {route.page === 'insights' && (
            <InsightsPage providerId={user.id} providerTimeZone={user.timeZone} />
          )}
        </Suspense>
      </main>
    </div>
  )
}
