/** The built client is sent compressed, hashed assets cached for a year, the shell revalidated (issue 14, Lighthouse). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../../server/config.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { startServerOn, type TestServer } from '../helpers/testServer.js'

let server: TestServer
const clientDir = mkdtempSync(join(tmpdir(), 'uniservice-assets-'))

beforeAll(async () => {
  mkdirSync(join(clientDir, 'assets'))
  writeFileSync(join(clientDir, 'index.html'), `<!doctype html><title>t</title>${'<p>shell</p>'.repeat(200)}`)
  writeFileSync(join(clientDir, 'assets/index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(5000))})`)
  server = await startServerOn(await openTestDatabase(), defaultConfig({ SEED_DEMO: false }), clientDir)
})

afterAll(async () => {
  await server?.close()
  rmSync(clientDir, { recursive: true, force: true })
})

const get = (path: string, encoding = 'br, gzip') =>
  server.app.inject({ method: 'GET', url: path, headers: { 'accept-encoding': encoding } })

describe('asset delivery', () => {
  it('compresses scripts and caches hashed assets for a year', async () => {
    const res = await get('/assets/index-abc123.js')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await get('/assets/index-abc123.js', 'gzip')).headers['content-encoding']).toBe('gzip')
  })

  it('revalidates the shell on every load, so a deploy is seen at once', async () => {
    const res = await get('/')
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.headers['content-encoding']).toBe('br')
  })

  it('leaves API answers without a year of caching', async () => {
    const res = await get('/api/health')
    expect(res.headers['cache-control'] ?? '').not.toContain('immutable')
  })
})
