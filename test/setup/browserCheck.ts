/**
 * vitest global setup: decides once per run whether the browser tests run, prints the one line
 * that says why not, and fails the run in CI (see browserGate).
 */
import type { TestProject } from 'vitest/node'
import { browserGate } from '../helpers/browserGate.js'

declare module 'vitest' {
  export interface ProvidedContext {
    browserAvailable: boolean
  }
}

export default function setup(project: TestProject): void {
  const gate = browserGate()
  if (!gate.run) {
    if (gate.fail) throw new Error(gate.message)
    console.warn(`\n⚠ ${gate.message}\n`)
  }
  project.provide('browserAvailable', gate.run)
}
