import type { User } from '../../shared/schemas.js'
import { MyBookingsPage } from '../features/bookings/MyBookingsPage.js'
import { ProviderCalendarPage } from '../features/provider/ProviderCalendarPage.js'
import { StatsPage } from '../features/provider/StatsPage.js'
import { SlotCalendarPage } from '../features/slots/SlotCalendarPage.js'
import { RejectionNotices } from '../features/sync/RejectionNotices.js'
import { NotificationBell } from '../features/notifications/NotificationBell.js'
import { useDesktopNotifications } from '../features/notifications/desktopNotifications.js'
import { SyncIndicator } from '../features/sync/SyncIndicator.js'
import { useSettledBookingToasts } from '../features/sync/useSettledBookingToasts.js'
import { viewerTimeZone } from '../ui/calendarTime.js'
import { type Page, type Route, useRoute } from './route.js'
import { SignOutButton } from './SignOutButton.js'

const customerPages: { page: Page; label: string }[] = [
  { page: 'slots', label: 'Book' },
  { page: 'bookings', label: 'My bookings' },
]
const providerPages: { page: Page; label: string }[] = [
  { page: 'provider-slots', label: 'My slots' },
  { page: 'stats', label: 'Stats' },
]

/** Header (navigation, sync state, account) and the page for the user's role. */
export function Shell({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  const isProvider = user.role === 'provider'
  const pages = isProvider ? providerPages : customerPages
  const [rawRoute, navigate] = useRoute(pages[0]?.page ?? 'slots')
  const route: Route = pages.some((p) => p.page === rawRoute.page)
    ? rawRoute
    : { page: pages[0]?.page ?? 'slots' }
  const zone = viewerTimeZone()
  useSettledBookingToasts()
  useDesktopNotifications(zone)

  return (
    <div className="shell" data-testid="shell" data-role={user.role}>
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
        {route.page === 'slots' && <SlotCalendarPage route={route} navigate={navigate} zone={zone} />}
        {route.page === 'bookings' && <MyBookingsPage navigate={navigate} zone={zone} />}
        {route.page === 'provider-slots' && (
          <ProviderCalendarPage
            route={route}
            navigate={navigate}
            zone={zone}
            providerId={user.id}
            providerTimeZone={user.timeZone}
          />
        )}
        {route.page === 'stats' && (
          <StatsPage route={route} navigate={navigate} zone={zone} providerId={user.id} />
        )}
      </main>
    </div>
  )
}
