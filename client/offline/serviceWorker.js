/*
 * The app-shell service worker. The build (client/offline/precachePlugin.ts) replaces
 * the manifest placeholder below with the built files and a build id, so each deploy installs a fresh cache.
 * Data never goes through here: /api requests pass straight to the network and the app reads its
 * data from IndexedDB, so offline the shell starts and shows the local database.
 */
const { version, files } = __PRECACHE_MANIFEST__
const CACHE = `app-shell-${version}`
const SHELL = '/index.html'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...files.map((file) => `/${file}`)]))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/docs')) return
  event.respondWith(request.mode === 'navigate' ? networkFirstShell(request) : cacheFirst(request))
})

/** Pages: the network when it answers (fresh deploys), else the cached shell. */
async function networkFirstShell(request) {
  try {
    const response = await fetch(request)
    if (response.ok) {
      const cache = await caches.open(CACHE)
      await cache.put(SHELL, response.clone())
    }
    return response
  } catch {
    return (await caches.match(SHELL)) ?? Response.error()
  }
}

/** Hashed assets never change under one name, so the cache answers first. */
async function cacheFirst(request) {
  const cached = await caches.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) {
    const cache = await caches.open(CACHE)
    await cache.put(request, response.clone())
  }
  return response
}
