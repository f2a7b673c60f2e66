/**
 * A provider's services, for the "new slots" forms. Read from the server (GET /api/services) and kept
 * in a local document, so the forms work offline with the list last read (services are not replicated).
 */
import { useEffect, useState } from 'react'
import type { Service } from '../../shared/schemas.js'
import type { Loadable } from './api.js'
import type { ClientDatabase } from './database.js'
import { useDataContext } from './dataContext.js'

function cacheKey(providerId: string): string {
  return `services_${providerId.replace(/-/g, '')}`
}

/** The services last read from the server for this provider ([] if never). */
export async function cachedServices(db: ClientDatabase, providerId: string): Promise<Service[]> {
  const doc = await db.getLocal<{ services: Service[] }>(cacheKey(providerId))
  return doc ? ((doc.toJSON().data as { services: Service[] }).services ?? []) : []
}

export function useServices(providerId: string): Loadable<Service[]> {
  const { api, db } = useDataContext()
  const [state, setState] = useState<Loadable<Service[]>>({ data: [], loading: true, error: null })
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true }))
    api.get<Service[]>(`/api/services?providerId=${encodeURIComponent(providerId)}`).then(
      (data) => {
        if (live) setState({ data, loading: false, error: null })
        // The database may be closing (sign-out); the next read caches them again.
        db?.upsertLocal(cacheKey(providerId), { services: data }).catch(() => {})
      },
      async (e: unknown) => {
        const cached = db ? await cachedServices(db, providerId) : []
        if (!live) return
        if (cached.length > 0) setState({ data: cached, loading: false, error: null })
        else setState({ data: [], loading: false, error: e instanceof Error ? e.message : String(e) })
      },
    )
    return () => {
      live = false
    }
  }, [api, db, providerId])
  return state
}
