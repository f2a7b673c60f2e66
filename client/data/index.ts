/**
 * client/data: everything the UI needs from the data layer. Components import from here only.
 * The types live in api.ts; RxDB, replication and the network stay behind these exports.
 */
export type * from './api.js'
export { signIn, signOut, loadSession, forgetExpiredSession, rememberUser } from './session.js'
export { useProfileApi, type ProfileApi } from './profile.js'
export { openClientDatabase, type ClientDatabase, type ClientDatabaseOptions } from './database.js'
export { startReplication, type ClientReplication, type ReplicationOptions } from './replication.js'
export { DataProvider, type DataProviderProps } from './DataProvider.js'
export { useRetryNow } from './syncControls.js'
export { useWaitingElsewhere, type WaitingElsewhere } from './waitingChanges.js'
export { useServerAnswers, type ServerAnswers } from './serverAnswers.js'
export {
  useSlots,
  useMyBookings,
  useProviderBookings,
  useSyncStatus,
  useBeyondStoredCopy,
  useBookingActions,
  useProviderActions,
  useSeriesActions,
  useQueuedSeries,
  useRejections,
  useBookingSettled,
  useProviderChanges,
  type Rejections,
} from './hooks.js'
export { bookingActions } from './bookingActions.js'
export { failureText } from './serverApi.js'
export { providerActions } from './providerActions.js'
export { seriesActions } from './seriesActions.js'
export { changeKey, documentKey } from './providerChanges.js'
export { changeWords, triedWords } from './providerChangeWords.js'
export { watchRejections, type RejectionFeed, type SettledBooking } from './rejections.js'
export { useServices } from './services.js'
export { useConfirmsByHand } from './providerConfirmations.js'
export { useServiceCatalogue, type ServiceCatalogue } from './serviceCatalogue.js'
export { useInsights, useInsightsCsv, type InsightsPeriod } from './insights.js'
export { useCalendarActions, type CalendarActions, type CalendarFeed } from './calendar.js'
export {
  useWaitlist,
  useNotifications,
  useWaitlistActions,
  useNotificationActions,
  type WaitlistEntryView,
  type NotificationView,
  type NotificationFeed,
} from './waitlistHooks.js'
export { waitlistActions, type WaitlistActions } from './waitlistActions.js'
export { notificationActions, type NotificationActions } from './notificationActions.js'
export {
  useOrganisationAdmin,
  type OrganisationAdmin,
  type CreatedOrganisation,
  type AuditLine,
  type AuditTrail,
} from './organisationAdmin.js'
export { fetchDemoCredentials, type DemoCredential } from './demoCredentials.js'
export { useWebhookActions, useWebhookEndpoints, type WebhookActions } from './webhooks.js'
