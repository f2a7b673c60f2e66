/**
 * Vite plugin: emits sw.js from client/offline/serviceWorker.js with the list of built files to
 * precache (the same idea as Workbox's injectManifest, in a few lines and no extra dependency).
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { Plugin } from 'vite'

const PLACEHOLDER = '__PRECACHE_MANIFEST__'

export function precacheServiceWorker(): Plugin {
  const source = new URL('./serviceWorker.js', import.meta.url)
  let publicFiles: string[] = []
  return {
    name: 'uniservice-precache-service-worker',
    apply: 'build',
    configResolved(config) {
      const dir = config.publicDir
      publicFiles = dir && existsSync(dir) ? readdirSync(dir) : []
    },
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((file) => !file.endsWith('.map') && file !== 'index.html')
      const files = [...built, ...publicFiles].sort()
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)
      const code = readFileSync(source, 'utf8').replace(PLACEHOLDER, JSON.stringify({ version, files }))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code })
    },
  }
}
