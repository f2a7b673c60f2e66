/**
 * Opens the signed-in user's database and starts replication for as long as it is mounted. Several
 * tabs share the database; RxDB elects one leader tab to replicate for all.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { BehaviorSubject, distinctUntilChanged, map } from 'rxjs'
import type { Session } from './api.js'
import { DataContext, type DataContextValue } from './dataContext.js'
import { type ClientDatabase, openClientDatabase } from './database.js'
import { type RejectionFeed, watchRejections } from './rejections.js'
import { type ClientReplication, startReplication } from './replication.js'
import { serverApi } from './serverApi.js'
import { whenIdle } from './whenIdle.js'
import { keepServicesOnDevice, servicesKeptFor } from './services.js'
import { keepProviderConfirmationsOnDevice } from './providerConfirmations.js'
import { noteWaitingChanges } from './waitingChanges.js'

export interface DataProviderProps {
  session: Session
  children: ReactNode
  /** '' (same origin) unless the API lives elsewhere. */
  baseUrl?: string
  /** The server refused the session (401 from replication or the API): sign in again. */
  onSessionExpired?: () => void
  /**
   * The server says the user is no member of the organisation the session works in (removed
   * meanwhile): with how many changes this device still holds unsent there.
   */
  onNotAMember?: (lost: LostOrganisation) => void
}

/** The organisation the server no longer lets the user work in, as this device knows it. */
export interface LostOrganisation {
  organisationId: string | undefined
  /** Changes made here that had not reached the server (they stay in its local database). */
  unsentChanges: number
}

interface Opened {
  db: ClientDatabase
  /** Null for the first moment: replication starts once the stored week is on screen. */
  replication$: BehaviorSubject<ClientReplication | null>
  rejections: RejectionFeed
}

/** What the hooks see while the database opens: no replication (never emits anything else). */
const NOT_STARTED = new BehaviorSubject<ClientReplication | null>(null)

export function databaseNameFor(userId: string, organisationId?: string): string {
  // RxDB database names: lowercase letters, digits and a few signs; one database per user and
  // organisation, so switching organisation never mixes their rows (issue 9).
  const user = `uniservice_${userId.replace(/-/g, '')}`
  return organisationId ? `${user}_${organisationId.replace(/-/g, '')}` : user
}

export function DataProvider({
  session,
  children,
  baseUrl = '',
  onSessionExpired,
  onNotAMember,
}: DataProviderProps) {
  const [opened, setOpened] = useState<Opened | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Every request of an expired session answers 401: tell the app once, whichever came first.
  const expiredCallback = useRef(onSessionExpired)
  expiredCallback.current = onSessionExpired
  const toldFor = useRef<string | null>(null)
  const { token, organisationId } = session
  const servicesOf = servicesKeptFor(session)
  const onUnauthorized = useCallback(() => {
    if (toldFor.current === token) return
    toldFor.current = token
    expiredCallback.current?.()
  }, [token])
  const notAMemberCallback = useRef(onNotAMember)
  notAMemberCallback.current = onNotAMember
  // The changes waiting to be pushed, as replication last counted them (told with a lost membership).
  const unsent = useRef(0)
  const notAMember = useCallback(
    () => notAMemberCallback.current?.({ organisationId, unsentChanges: unsent.current }),
    [organisationId],
  )

  useEffect(() => {
    unsent.current = 0
    let disposed = false
    let current: Opened | null = null
    let cancelStart = () => {}
    let stopKeepingServices = () => {}
    let stopKeepingConfirmations = () => {}
    let stopCountingWaiting = () => {}
    openClientDatabase({
      name: databaseNameFor(session.user.id, organisationId),
      multiInstance: true,
      devMode: import.meta.env?.DEV === true,
    })
      .then((db) => {
        const opened: Opened = {
          db,
          replication$: new BehaviorSubject<ClientReplication | null>(null),
          rejections: watchRejections(db.bookings),
        }
        current = opened
        if (disposed) return void close(opened)
        setOpened(opened)
        cancelStart = whenIdle(() => {
          const connection = {
            baseUrl,
            token: session.token,
            organisationId,
            onUnauthorized,
            onNotAMember: notAMember,
          }
          const replication = startReplication(db, connection)
          opened.replication$.next(replication)
          // Told in the other organisations' sync pill while this one is not open (waitingChanges.ts).
          const counting = replication.status$
            .pipe(
              map((status) => status.pendingChanges),
              distinctUntilChanged(),
            )
            .subscribe((count) => {
              unsent.current = count
              noteWaitingChanges(session.user.id, organisationId ?? '', count)
            })
          stopCountingWaiting = () => counting.unsubscribe()
          // A provider's services, for creating slots offline (they are not replicated).
          if (servicesOf) stopKeepingServices = keepServicesOnDevice(db, serverApi(connection), servicesOf)
          // Which providers confirm each booking by hand: the booking form says so, offline too.
          else stopKeepingConfirmations = keepProviderConfirmationsOnDevice(db, serverApi(connection))
        })
      })
      .catch((e: unknown) => setError(String((e as Error).message ?? e)))
    return () => {
      disposed = true
      cancelStart()
      stopKeepingServices()
      stopKeepingConfirmations()
      stopCountingWaiting()
      if (current) void close(current)
      setOpened(null)
    }
  }, [session.user.id, session.token, organisationId, baseUrl, onUnauthorized, notAMember, servicesOf])

  // One client per token and organisation: the views that fetch with it (insights, the slot window)
  // ask again when it changes, so the database opening or the session's list of organisations being
  // re-read must not make a new one (the insights page asked for its figures twice).
  const api = useMemo(
    () => serverApi({ baseUrl, token, organisationId, onUnauthorized, onNotAMember: notAMember }),
    [baseUrl, token, organisationId, onUnauthorized, notAMember],
  )
  const value = useMemo<DataContextValue>(
    () => ({
      session,
      api,
      db: opened?.db ?? null,
      replication$: opened?.replication$ ?? NOT_STARTED,
      rejections: opened?.rejections ?? null,
      error,
    }),
    [session, api, opened, error],
  )
  return <DataContext.Provider value={value}>{children}</DataContext.Provider>
}

async function close({ db, replication$, rejections }: Opened): Promise<void> {
  rejections.close()
  await replication$.value?.cancel()
  await db.close()
}
