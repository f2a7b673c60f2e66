/// <reference types="vite-plugin-pwa/react" />
/**
 * Registers the Workbox service worker (production builds only: in dev it would serve stale modules
 * over Vite's hot reload) and, when a new version has been deployed and installed, offers to reload
 * into it. The user decides when, so nothing half-typed is lost to an automatic reload.
 */
import { useRegisterSW } from 'virtual:pwa-register/react'

export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisterError(error: unknown) {
      console.warn('Offline support unavailable: service worker registration failed', error)
    },
  })
  if (!needRefresh) return null
  return (
    <div className="update-prompt" role="status" data-testid="update-prompt">
      <span>A new version of UniService is available.</span>
      <button
        type="button"
        className="button button--primary button--small"
        onClick={() => updateServiceWorker(true)}
        data-testid="update-reload"
      >
        Reload
      </button>
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={() => setNeedRefresh(false)}
      >
        Later
      </button>
    </div>
  )
}
