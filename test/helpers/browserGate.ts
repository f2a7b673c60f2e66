/**
 * Whether the browser tests can run here. A developer's machine without Chromium skips them with
 * one line saying how to run them; CI always installs Chromium, so there a missing browser is a
 * failure, never a silent skip.
 */
import { existsSync } from 'node:fs'

export const CHROMIUM_DEFAULT_PATH = '/usr/bin/chromium'

export type BrowserGate = { run: true; path: string } | { run: false; fail: boolean; message: string }

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || CHROMIUM_DEFAULT_PATH
}

/** `exists` is injectable so the rule is tested without touching the file system. */
export function browserGate(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): BrowserGate {
  const path = chromiumPath(env)
  if (exists(path)) return { run: true, path }
  const inCi = env.CI === 'true' || env.CI === '1'
  return {
    run: false,
    fail: inCi,
    message: inCi
      ? `Browser tests cannot run: no Chromium at ${path}, and CI must run them (install chromium or set CHROMIUM_PATH).`
      : `Browser tests skipped: no Chromium at ${path}. To run them, install Chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary.`,
  }
}
