/**
 * Renders the app icon (client/public/icon.svg) into the PNGs the web manifest needs: 192 and 512
 * px, and a maskable 512 px one whose artwork sits inside the central 80% safe zone on the brand
 * colour (launchers crop maskable icons to circles and squircles). Uses the same headless Chromium
 * as the e2e tests, so no image library is needed. Run: npx tsx scripts/generateIcons.ts
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { launchBrowser } from '../test/helpers/browser.js'

const PUBLIC = resolve(import.meta.dirname, '../client/public')
const BRAND = '#0f766e'

const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
]

const svg = readFileSync(join(PUBLIC, 'icon.svg'), 'utf8')
const browser = await launchBrowser()
try {
  const page = await browser.newPage()
  for (const { file, size, maskable } of icons) {
    await page.setViewportSize({ width: size, height: size })
    const artwork = maskable ? Math.round(size * 0.7) : size
    await page.setContent(
      `<body style="margin:0;display:grid;place-items:center;width:${size}px;height:${size}px;background:${maskable ? BRAND : 'transparent'}">
         <img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${artwork}" height="${artwork}">
       </body>`,
    )
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode())
    writeFileSync(join(PUBLIC, file), await page.screenshot({ omitBackground: !maskable }))
    console.log(`wrote client/public/${file}`)
  }
} finally {
  await browser.close()
}
