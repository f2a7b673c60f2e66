/**
 * The rule for a password being set (signing up, any change of password), without zod so the sign-up
 * screen's chunk can use it: shared/schemas.ts's NewPassword is the server's schema built on it.
 * An existing password is only compared on sign-in, never checked against this.
 */
import { hasControlCharacter } from './controlCharacters.js'

export const NEW_PASSWORD_MIN_LENGTH = 8
export const NEW_PASSWORD_MAX_LENGTH = 200
export const BLANK_PASSWORD = 'must not be blank (only spaces)'

/**
 * What is wrong with a password being set, in the words of the API's validation message, or null.
 * Spaces inside a password are fine (a pass phrase); one of nothing but whitespace is refused.
 */
export function newPasswordProblem(password: string): string | null {
  if (password.trim() === '') return BLANK_PASSWORD
  if (password.length < NEW_PASSWORD_MIN_LENGTH)
    return `must be at least ${NEW_PASSWORD_MIN_LENGTH} characters`
  if (password.length > NEW_PASSWORD_MAX_LENGTH)
    return `must be at most ${NEW_PASSWORD_MAX_LENGTH} characters`
  if (hasControlCharacter(password)) return 'must not contain control characters'
  return null
}
