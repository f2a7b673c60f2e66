/** Reading domain Outcomes in tests. */
import type { Outcome } from '../../shared/errors.js'

/** The refusal's code, or 'NO_ERROR' when the command was accepted. */
export async function refusalCode(outcome: Promise<Outcome<unknown>>): Promise<string> {
  const settled = await outcome
  return settled.ok ? 'NO_ERROR' : settled.refusal.code
}

/** The accepted value; a refusal fails the test with its code and message. */
export async function acceptedValue<T>(outcome: Promise<Outcome<T>>): Promise<T> {
  const settled = await outcome
  if (!settled.ok) throw new Error(`refused: ${settled.refusal.code} (${settled.refusal.message})`)
  return settled.value
}
