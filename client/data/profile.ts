/** The signed-in user's profile and a booking's customer contact: online calls, never replicated. */
import { useEffect, useMemo, useRef } from 'react'
import { EMPTY, type Observable, filter, merge, switchMap } from 'rxjs'
import type { BookingConfirmation } from '../../shared/bookingConfirmation.js'
import type { CustomerContact, UpdateProfileBody, User } from '../../shared/schemas.js'
import type { ChangeStream } from './changeStream.js'
import { useDataContext } from './dataContext.js'
import type { ServerApi } from './serverApi.js'
import { whenIdle } from './whenIdle.js'

export interface ProfileApi {
  save(changes: UpdateProfileBody): Promise<User>
  /** The customer's name, email and phone, for the provider of the booking. */
  customerContact(bookingId: string): Promise<CustomerContact>
  /** A provider's choice of how new bookings are confirmed, and the requests waiting for them. */
  bookingConfirmation(providerId: string): Promise<BookingConfirmation>
  setBookingConfirmation(providerId: string, autoConfirm: boolean): Promise<BookingConfirmation>
}

export function useProfileApi(): ProfileApi {
  const { api } = useDataContext()
  return useMemo(
    () => ({
      save: (changes) => api.patch<User>('/api/profile', changes),
      customerContact: (bookingId) => api.get<CustomerContact>(`/api/bookings/${bookingId}/contact`),
      bookingConfirmation: (providerId) =>
        api.get<BookingConfirmation>(`/api/providers/${providerId}/booking-confirmation`),
      setBookingConfirmation: (providerId, autoConfirm) =>
        api.patch<BookingConfirmation>(`/api/providers/${providerId}/booking-confirmation`, { autoConfirm }),
    }),
    [api],
  )
}

/** Whether two copies of a user differ in any field (a field absent on one side counts as null). */
function sameUser(a: User, b: User): boolean {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof User)[])
  return [...fields].every((field) => (a[field] ?? null) === (b[field] ?? null))
}

/**
 * The user as the server has them now, or null when that is what `known` says already. Offline (or
 * any failure) also answers null: the device keeps the copy it has.
 */
export async function newerUser(api: Pick<ServerApi, 'get'>, known: User): Promise<User | null> {
  try {
    const current = await api.get<User>('/api/session')
    return sameUser(current, known) ? null : current
  } catch {
    return null
  }
}

/**
 * Keeps the session's user in step with the account. The profile (a customer's chosen zone, a
 * provider's business zone, the name) belongs to the account, but the device kept the copy it got at
 * sign-in: a zone chosen on another device did not reach this one until it signed in again. The user
 * is asked for once the app has started (when the browser is idle), when the network comes back,
 * when the app comes back to the foreground, and when the live stream says the account changed (a
 * profile saved on another device) or (re)connects (what changed while it was down was not told);
 * `onChanged` gets it when it differs. A customer who never chose a zone still reads
 * times in each device's own zone (displayTimeZone null).
 */
export function useAccountUser(user: User, onChanged: (user: User) => void): void {
  const { api, replication$ } = useDataContext()
  const latest = useRef({ user, onChanged })
  latest.current = { user, onChanged }
  useEffect(() => {
    let stopped = false
    const refresh = () => {
      void newerUser(api, latest.current.user).then((fresh) => {
        if (fresh && !stopped) latest.current.onChanged(fresh)
      })
    }
    const onVisible = () => document.visibilityState === 'visible' && refresh()
    // Once the first screen is up: right after signing in the session's user is the server's already.
    const cancelFirst = whenIdle(refresh)
    window.addEventListener('online', refresh)
    document.addEventListener('visibilitychange', onVisible)
    const told = replication$
      .pipe(switchMap((replication) => (replication ? accountSignals(replication.stream) : EMPTY)))
      .subscribe(refresh)
    return () => {
      stopped = true
      told.unsubscribe()
      cancelFirst()
      window.removeEventListener('online', refresh)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [api, replication$])
}

/** When the stream says the user's account may have changed: told so, or (re)connected. */
function accountSignals(stream: Pick<ChangeStream, 'accountChanged$' | 'connected$'>): Observable<unknown> {
  return merge(stream.accountChanged$, stream.connected$.pipe(filter(Boolean)))
}
