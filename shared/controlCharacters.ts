/**
 * Control characters in text a person typed, without zod, so that a screen's chunk that must stay
 * small (the invitation sign-up: shared/passwords.ts) can check them too; shared/schemas.ts builds
 * its text schemas on it.
 */

/** C0 (NUL included), DEL and C1 controls, except those in `allowed`. */
export function hasControlCharacter(text: string, allowed = ''): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0)
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f)
    if (control && !allowed.includes(char)) return true
  }
  return false
}

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): in a name
 * shown to other people they make it read differently from what it holds ("Trojan Source").
 */
const TEXT_DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u

export function hasTextDirectionControl(text: string): boolean {
  return TEXT_DIRECTION_CONTROL.test(text)
}
