/** What the sync pill showed over time, in the page: its states and what its live region said. */
import type { Page } from 'playwright-core'

export interface SyncStatesSeen {
  /** The pill's data-state values, each change once. */
  states: string[]
  /** What the pill's status region (read out by screen readers) said, each change once. */
  announcements: string[]
}

/** Starts noting every state of the sync pill; the function returned reads what was seen so far. */
export async function watchSyncStates(page: Page): Promise<() => Promise<SyncStatesSeen>> {
  await page.evaluate(() => {
    const seen = { states: [] as string[], announcements: [] as string[] }
    ;(window as unknown as { syncStatesSeen: typeof seen }).syncStatesSeen = seen
    const add = (list: string[], value: string | undefined | null) => {
      if (value && list.at(-1) !== value) list.push(value)
    }
    const note = () => {
      const pill = document.querySelector<HTMLElement>('[data-testid="sync-indicator"]')
      add(seen.states, pill?.dataset.state)
      add(seen.announcements, pill?.querySelector('[role="status"]')?.textContent)
    }
    note()
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-state'],
    })
  })
  return () => page.evaluate(() => (window as unknown as { syncStatesSeen: SyncStatesSeen }).syncStatesSeen)
}
