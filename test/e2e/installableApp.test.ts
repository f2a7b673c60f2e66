/**
 * The installable app in Chromium: a web manifest with the icons an install needs, a real
 * robots.txt, and, when a new version is deployed, a prompt that reloads into it on the user's word.
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { waitForOfflineReady } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'

interface ManifestIcon {
  src: string
  sizes: string
  type: string
  purpose?: string
}

describeInBrowser('installable app', () => {
  const suite = browserSuite({ ownClientCopy: true })

  it('serves a web manifest with PNG icons (192, 512, maskable) and a robots.txt', async () => {
    const page = await (await suite.browser.newContext({ baseURL: suite.server.url })).newPage()
    await page.goto('/')
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    expect(href).toBeTruthy()
    const manifest = await (await page.request.get(href as string)).json()
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' })
    const icons: ManifestIcon[] = manifest.icons
    const png = (size: string, purpose?: string) =>
      icons.find((i) => i.sizes === size && i.type === 'image/png' && i.purpose === purpose)
    for (const icon of [png('192x192'), png('512x512'), png('512x512', 'maskable')]) {
      expect(icon).toBeDefined()
      const res = await page.request.get((icon as ManifestIcon).src)
      expect(res.headers()['content-type']).toBe('image/png')
    }
    const robots = await page.request.get('/robots.txt')
    expect(robots.headers()['content-type']).toContain('text/plain')
    expect(await robots.text()).toContain('User-agent')
    await page.context().close()
  })

  it('offers to reload when a new version is deployed, and reloads into it', {
    timeout: 60_000,
  }, async () => {
    const context = await suite.open()
    const page = await context.newPage()
    await page.goto('/')
    await waitForOfflineReady(page)
    // A returning visit: the page now starts under the installed version's control.
    await page.reload()
    await waitForOfflineReady(page)
    expect(await page.getByTestId('update-prompt').count()).toBe(0)

    // A deploy: the service worker script changes (as its precache list does with every build).
    appendFileSync(join(suite.server.clientDir, 'sw.js'), '\n// next version\n')
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update())
    await page.getByTestId('update-prompt').waitFor()
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()])
    await page.getByTestId('sign-in-submit').waitFor()
    expect(await page.getByTestId('update-prompt').count()).toBe(0)
    expect(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null),
    ).toBeNull()
  })
})
