/**
 * A provider's own services with create and change (online only: services are not replicated).
 * After a change the list is read again from the server, which is the only place prices live, and
 * kept on the device for the slot forms (services.ts).
 */
import { useCallback, useEffect, useState } from 'react'
import type { Service } from '../../shared/schemas.js'
import type { CreateServiceBody, UpdateServiceBody } from '../../shared/serviceSchemas.js'
import type { Loadable } from './api.js'
import { useDataContext } from './dataContext.js'
import { fetchServices } from './services.js'

export interface ServiceCatalogue {
  services: Loadable<Service[]>
  createService(body: CreateServiceBody): Promise<Service>
  updateService(serviceId: string, body: UpdateServiceBody): Promise<Service>
}

export function useServiceCatalogue(providerId: string): ServiceCatalogue {
  const { api, db } = useDataContext()
  const [services, setServices] = useState<Loadable<Service[]>>({ data: [], loading: true, error: null })
  const [version, setVersion] = useState(0)
  useEffect(() => {
    let live = true
    void version
    fetchServices(api, db, providerId).then(
      (data) => live && setServices({ data, loading: false, error: null }),
      (e: unknown) =>
        live && setServices({ data: [], loading: false, error: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      live = false
    }
  }, [api, db, providerId, version])
  const reloadAfter = useCallback(async (change: Promise<Service>) => {
    const service = await change
    setVersion((v) => v + 1)
    return service
  }, [])
  return {
    services,
    createService: (body) => reloadAfter(api.post<Service>('/api/services', body)),
    updateService: (serviceId, body) =>
      reloadAfter(api.patch<Service>(`/api/services/${encodeURIComponent(serviceId)}`, body)),
  }
}
