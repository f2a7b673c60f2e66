/**
 * Whether a text a person typed has anything a reader would see, without zod so that the forms' small
 * chunks can ask it too (the sign-up screen, the cancel form). A required text (a name, a provider's
 * reason) made only of invisible characters reads as blank to whoever is shown it, so it counts as
 * blank: shared/schemas.ts's requiredName and the reason checks are built on it.
 */

/**
 * What no reader sees: whitespace, controls (Cc), format characters (Cf: the zero-width space,
 * joiners, word joiner, byte order mark, bidi controls) and the other default-ignorable code points
 * (the Hangul fillers, variation selectors, the combining grapheme joiner) that render as nothing.
 */
const INVISIBLE_ONLY = /^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u

/** True when `text` holds at least one character a reader sees. */
export function hasVisibleContent(text: string): boolean {
  return !INVISIBLE_ONLY.test(text)
}
