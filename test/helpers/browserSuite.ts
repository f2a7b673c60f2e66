/**
 * `describe` for suites that need real Chromium: skipped (with the one line printed by
 * test/setup/browserCheck.ts) when this machine has none. Hooks go inside the suite so a skipped
 * suite neither builds the client nor starts a server.
 */
import { describe, inject } from 'vitest'

export const describeInBrowser = describe.skipIf(!inject('browserAvailable'))
