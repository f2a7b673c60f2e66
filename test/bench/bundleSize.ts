/**
 * Goal 6 of issue 13: the JavaScript a browser must load before the app can start, gzipped. That is
 * the entry script of the built index.html plus every chunk it imports statically, which Vite lists
 * as modulepreload links; chunks behind a dynamic import() (lazy screens) are not counted.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildClientOnce } from '../helpers/e2eServer.js'
import type { TargetVerdict } from './throughputReport.js'

export const FIRST_LOAD_JS_TARGET_KB = 150

export interface BundleFigures {
  /** Each first-load chunk with its size in kB (raw and gzipped). */
  chunks: { file: string; kB: number; gzipKB: number }[]
  totalKB: number
  totalGzipKB: number
}

export async function measureBundleSize(): Promise<BundleFigures> {
  const dir = await buildClientOnce()
  const chunks = firstLoadScripts(readFileSync(join(dir, 'index.html'), 'utf8')).map((file) => {
    const bytes = readFileSync(join(dir, file))
    return { file, kB: bytes.length / 1024, gzipKB: gzipSync(bytes, { level: 9 }).length / 1024 }
  })
  return {
    chunks,
    totalKB: chunks.reduce((sum, c) => sum + c.kB, 0),
    totalGzipKB: chunks.reduce((sum, c) => sum + c.gzipKB, 0),
  }
}

/** The entry module and its modulepreloaded static imports, as paths relative to the build. */
export function firstLoadScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script type="module"[^>]*src="\/([^"]+)"/g)].map((m) => m[1] as string)
  const preloaded = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map(
    (m) => m[1] as string,
  )
  return [...new Set([...entry, ...preloaded])]
}

export function bundleTargets(figures: BundleFigures): TargetVerdict[] {
  return [
    {
      figure: 'first-load JS gzipped: entry chunk + its static imports (kB)',
      target: `<= ${FIRST_LOAD_JS_TARGET_KB}`,
      value: figures.totalGzipKB,
      met: figures.totalGzipKB <= FIRST_LOAD_JS_TARGET_KB,
    },
  ]
}
