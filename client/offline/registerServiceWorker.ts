/**
 * The service worker (built from client/offline/serviceWorker.js) caches the built app shell so a reload with no network
 * still starts the app; data then comes from IndexedDB. Only in production builds: in dev it would
 * serve stale modules over Vite's hot reload.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('Offline support unavailable: service worker registration failed', error)
    })
  })
}
