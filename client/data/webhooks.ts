/**
 * The provider's webhook endpoints and their delivery logs, over REST (online only: delivery happens
 * on the server). Secrets come back from `create` and `rotate` once and are not kept here.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type {
  CreateWebhookEndpoint,
  SecretRotationRule,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../../shared/webhooks.js'
import type { Loadable } from './api.js'
import { useDataContext } from './dataContext.js'
import { failureText } from './serverApi.js'

export interface WebhookActions {
  create(input: CreateWebhookEndpoint): Promise<WebhookEndpointWithSecret>
  update(id: string, change: UpdateWebhookEndpoint): Promise<WebhookEndpoint>
  remove(id: string): Promise<void>
  rotate(id: string): Promise<WebhookEndpointWithSecret>
  /** How long an old secret keeps signing after a rotation (to say so before rotating). */
  rotationRule(): Promise<SecretRotationRule>
  deliveries(id: string): Promise<WebhookDelivery[]>
  /** The replayed deliveries as the server now holds them (pending until they are sent again). */
  replay(deliveryId: number): Promise<WebhookDelivery[]>
}

export function useWebhookEndpoints(): Loadable<WebhookEndpoint[]> & { reload(): void } {
  const { api } = useDataContext()
  const [version, setVersion] = useState(0)
  const [state, setState] = useState<Loadable<WebhookEndpoint[]>>({ data: [], loading: true, error: null })
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true }))
    void version
    api.get<WebhookEndpoint[]>('/api/webhooks').then(
      (data) => live && setState({ data, loading: false, error: null }),
      (e: unknown) => live && setState({ data: [], loading: false, error: failureText(e, 'Webhooks') }),
    )
    return () => {
      live = false
    }
  }, [api, version])
  const reload = useCallback(() => setVersion((v) => v + 1), [])
  return { ...state, reload }
}

export function useWebhookActions(): WebhookActions {
  const { api } = useDataContext()
  return useMemo(
    () => ({
      create: (input) => api.post<WebhookEndpointWithSecret>('/api/webhooks', input),
      update: (id, change) => api.patch<WebhookEndpoint>(`/api/webhooks/${encodeURIComponent(id)}`, change),
      remove: async (id) => {
        await api.delete(`/api/webhooks/${encodeURIComponent(id)}`)
      },
      rotate: (id) =>
        api.post<WebhookEndpointWithSecret>(`/api/webhooks/${encodeURIComponent(id)}/rotate-secret`, {}),
      rotationRule: () => api.get<SecretRotationRule>('/api/webhooks/secret-rotation'),
      deliveries: (id) => api.get<WebhookDelivery[]>(`/api/webhooks/${encodeURIComponent(id)}/deliveries`),
      replay: async (deliveryId) =>
        (
          await api.post<{ replayed: number; deliveries: WebhookDelivery[] }>(
            `/api/webhooks/deliveries/${deliveryId}/replay`,
            {},
          )
        ).deliveries,
    }),
    [api],
  )
}
