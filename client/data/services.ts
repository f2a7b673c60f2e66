/**
 * A provider's services, for the "new slots" forms. Services are not replicated: they are read from
 * the server (GET /api/services) and kept in a local document, from the moment a provider's database
 * opens (sign-in, each start of the app) and again whenever the browser comes back online, and after
 * every read of the services page. So the forms work offline with the list last read, also on a
 * device where they were never opened online.
 */
import { useEffect, useState } from 'react'
import { mayManageSlots } from '../../shared/policy.js'
import type { Service } from '../../shared/schemas.js'
import type { Loadable, Session } from './api.js'
import type { ClientDatabase } from './database.js'
import { useDataContext } from './dataContext.js'
import type { ServerApi } from './serverApi.js'
import { roleHere } from './session.js'

function cacheKey(providerId: string): string {
  return `services_${providerId.replace(/-/g, '')}`
}

/** The services last read from the server for this provider ([] if never). */
export async function cachedServices(db: ClientDatabase, providerId: string): Promise<Service[]> {
  const doc = await db.getLocal<{ services: Service[] }>(cacheKey(providerId))
  return doc ? ((doc.toJSON().data as { services: Service[] }).services ?? []) : []
}

/** Reads the provider's services from the server and keeps them on the device. */
export async function fetchServices(
  api: ServerApi,
  db: ClientDatabase | null,
  providerId: string,
): Promise<Service[]> {
  const services = await api.get<Service[]>(`/api/services?providerId=${encodeURIComponent(providerId)}`)
  // The database may be closing (sign-out); the next read keeps them again.
  db?.upsertLocal(cacheKey(providerId), { services }).catch(() => {})
  return services
}

/** The provider whose services this session keeps on the device: its user, if it manages slots where it works. */
export function servicesKeptFor(session: Session): string | null {
  return mayManageSlots({ userId: session.user.id, role: roleHere(session) }) ? session.user.id : null
}

/**
 * Reads the provider's services now and each time the browser comes back online, keeping them on
 * the device. Returns the function that stops it.
 */
export function keepServicesOnDevice(db: ClientDatabase, api: ServerApi, providerId: string): () => void {
  // Offline or refused: the copy already kept stays, and the next read replaces it.
  const refresh = () => void fetchServices(api, db, providerId).catch(() => {})
  refresh()
  window.addEventListener('online', refresh)
  return () => window.removeEventListener('online', refresh)
}

/** The services kept on the device at once, then the server's (the kept ones stay when it cannot be reached). */
export function useServices(providerId: string): Loadable<Service[]> {
  const { api, db } = useDataContext()
  const [state, setState] = useState<Loadable<Service[]>>({ data: [], loading: true, error: null })
  useEffect(() => {
    let live = true
    let answered = false
    const kept: Promise<Service[]> = db ? cachedServices(db, providerId).catch(() => []) : Promise.resolve([])
    kept.then((services) => {
      if (live && !answered && services.length > 0) setState({ data: services, loading: false, error: null })
    })
    fetchServices(api, db, providerId).then(
      (data) => {
        answered = true
        if (live) setState({ data, loading: false, error: null })
      },
      async (e: unknown) => {
        const services = await kept
        if (!live || services.length > 0) return
        setState({ data: [], loading: false, error: e instanceof Error ? e.message : String(e) })
      },
    )
    return () => {
      live = false
    }
  }, [api, db, providerId])
  return state
}
