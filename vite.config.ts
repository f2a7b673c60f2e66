import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'

const PAGEHIDE_UNLOAD = fileURLToPath(new URL('./client/offline/pagehideUnload.ts', import.meta.url))

export default defineConfig(({ command }) => ({
  root: 'client',
  resolve: {
    // Browser builds only (tests in Node keep the real package): see client/offline/pagehideUnload.ts.
    alias: command === 'build' ? [{ find: 'unload', replacement: PAGEHIDE_UNLOAD }] : [],
  },
  plugins: [
    react(),
    // Installable app: Workbox precaches the built shell (offline reload starts the app; data comes
    // from IndexedDB), the manifest makes it installable, and a new deploy waits for the user's
    // consent (client/offline/UpdatePrompt.tsx) instead of swapping code under an open form.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg', 'robots.txt'],
      manifest: {
        name: 'UniService Bookings',
        short_name: 'UniService',
        description: 'Book services online or offline, on any device.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f4f6f8',
        theme_color: '#0f766e',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,txt}'],
        // RxDB's dev-mode checks load only in development builds (client/data/database.ts): never precached.
        globIgnores: ['**/dev-mode-*.js', '**/validate-ajv-*.js'],
        navigateFallback: '/index.html',
        // The API and its docs always go to the network; data offline comes from IndexedDB.
        navigateFallbackDenylist: [/^\/api\//, /^\/docs/],
        cleanupOutdatedCaches: true,
        // The first install takes control of the open page at once, so it survives going offline
        // without a reload; later versions still wait for the user's "Reload" (no skipWaiting).
        clientsClaim: true,
      },
    }),
  ],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    // Decides once whether the browser tests run (skipped with one line without Chromium; CI fails).
    globalSetup: ['test/setup/browserCheck.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
}))
