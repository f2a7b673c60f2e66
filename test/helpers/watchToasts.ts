import type { Page } from 'playwright-core'

/**
 * Records every text the toast shows from now on (one toast at a time: a later one replaces it, so
 * reading the toast once can miss one); the returned function reads them.
 */
export async function watchToasts(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { toastTexts: string[] }).toastTexts = seen
    const note = () => {
      for (const el of document.querySelectorAll('[data-testid="toasts"] .toast__text')) {
        const text = el.textContent ?? ''
        if (seen.at(-1) !== text) seen.push(text)
      }
    }
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
  return () => page.evaluate(() => (window as unknown as { toastTexts: string[] }).toastTexts)
}
