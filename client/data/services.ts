/**
 * A provider's services, for the "new slots" form. Online only (GET /api/services): services are not
 * replicated, and creating slots needs the server anyway. Added beside the hooks by the UI work.
 */
import { useEffect, useState } from 'react'
import type { Service } from '../../shared/schemas.js'
import type { Loadable } from './api.js'
import { useDataContext } from './dataContext.js'

export function useServices(providerId: string): Loadable<Service[]> {
  const { api } = useDataContext()
  const [state, setState] = useState<Loadable<Service[]>>({ data: [], loading: true, error: null })
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true }))
    api.get<Service[]>(`/api/services?providerId=${encodeURIComponent(providerId)}`).then(
      (data) => live && setState({ data, loading: false, error: null }),
      (e: unknown) =>
        live && setState({ data: [], loading: false, error: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      live = false
    }
  }, [api, providerId])
  return state
}
