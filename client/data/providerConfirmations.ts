/**
 * Which providers of the organisation confirm each booking by hand (their new bookings wait as
 * requests), so the booking form says so before a customer books: read from GET /api/providers
 * (autoConfirm) and kept in a local document, from the moment the database opens and again whenever
 * the browser comes back online, and when a booking form opens online. Offline the form reads what
 * was last kept; a provider never read counts as confirming at once (as before anything was known).
 */
import { useEffect, useState } from 'react'
import { map } from 'rxjs'
import type { ProviderListing } from '../../shared/bookingConfirmation.js'
import type { ClientDatabase } from './database.js'
import { useDataContext } from './dataContext.js'
import type { ServerApi } from './serverApi.js'

const KEY = 'provider_confirmations'

/** Per provider id: whether their new bookings are confirmed at once. */
type AutoConfirm = Record<string, boolean>

/** Reads the providers' choices from the server and keeps them on the device. */
export async function fetchProviderConfirmations(
  api: Pick<ServerApi, 'get'>,
  db: ClientDatabase | null,
): Promise<AutoConfirm> {
  const providers = await api.get<ProviderListing[]>('/api/providers')
  const autoConfirm = Object.fromEntries(providers.map((p) => [p.id, p.autoConfirm]))
  // The database may be closing (sign-out); the next read keeps them again.
  db?.upsertLocal(KEY, { autoConfirm }).catch(() => {})
  return autoConfirm
}

/** Reads the choices now and each time the browser comes back online. Returns the function that stops it. */
export function keepProviderConfirmationsOnDevice(db: ClientDatabase, api: ServerApi): () => void {
  // Offline or refused: the copy already kept stays, and the next read replaces it.
  const refresh = () => void fetchProviderConfirmations(api, db).catch(() => {})
  refresh()
  window.addEventListener('online', refresh)
  return () => window.removeEventListener('online', refresh)
}

/** Whether `providerId` confirms each booking by hand, as kept on the device (read again when mounted). */
export function useConfirmsByHand(providerId: string): boolean {
  const { api, db } = useDataContext()
  const [byHand, setByHand] = useState(false)
  useEffect(() => {
    if (!db) return
    const kept = db
      .getLocal$<{ autoConfirm: AutoConfirm }>(KEY)
      .pipe(map((doc) => (doc ? (doc.toJSON().data as { autoConfirm: AutoConfirm }).autoConfirm : {})))
      .subscribe((autoConfirm) => setByHand(autoConfirm[providerId] === false))
    // A choice switched since the last read: read again (the kept copy answers meanwhile, and offline).
    fetchProviderConfirmations(api, db).catch(() => {})
    return () => kept.unsubscribe()
  }, [api, db, providerId])
  return byHand
}
