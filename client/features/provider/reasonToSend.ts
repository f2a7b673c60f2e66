/**
 * A provider's reason as the customers will read it: trimmed, and cleaned of the invisible control
 * characters the server would refuse (pasted text), as a provider's reason on one booking is; ''
 * (no reason) when nothing of it is visible (only zero-width spaces), as the server judges it
 * (shared/visibleText.ts).
 */
import { cleanedFreeText } from '../../../shared/freeTextCleaning.js'
import { hasVisibleContent } from '../../../shared/visibleText.js'

export function reasonToSend(typed: string): string {
  const text = cleanedFreeText(typed).trim()
  return hasVisibleContent(text) ? text : ''
}
