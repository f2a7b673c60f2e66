import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { precacheServiceWorker } from './client/offline/precachePlugin.js'

export default defineConfig({
  root: 'client',
  plugins: [react(), precacheServiceWorker()],
  build: { outDir: '../dist/client', emptyOutDir: true },
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
})
