/**
 * Free text cleaned of the control characters its field refuses (shared/schemas.ts,
 * withoutControlCharacters), one rule for both sides: the device applies it to what a provider typed
 * before its own check (a reason pasted with Word's vertical tab was refused there, and the
 * provider could not see the character to remove it), and the server to text pushed by an older
 * client (server/replication/freeTextRepair.ts). The text the user saw is what is saved: a character
 * that spaces words (tab, vertical tab, form feed, a line break where the field has none) becomes a
 * space, and every other control character (NUL, BEL, DEL, C1 …), which shows as nothing, is removed.
 * A customer's note is cleaned the same way (it was refused for a vertical tab pasted from Word).
 */
import { LINE_CHARACTERS, hasControlCharacter } from './schemas.js'

/** Control characters that separate words where they stand. */
const SPACING = '\t\n\v\f\r\u0085'

/** `text` without the control characters the field refuses; those in `kept` stay (a text area's line breaks). */
export function cleanedFreeText(text: string, kept = ''): string {
  let out = ''
  for (const char of text) {
    if (!hasControlCharacter(char, kept)) out += char
    else if (SPACING.includes(char)) out += ' '
  }
  return out
}

/** A text area's text (a booking's note, a provider's reason) cleaned, its tabs and line breaks kept. */
export function cleanedTextArea(text: string): string {
  return cleanedFreeText(text, LINE_CHARACTERS)
}
