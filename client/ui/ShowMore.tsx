/**
 * A long list shown a page at a time: `usePaged` keeps how many of its items are shown, `ShowMore`
 * is the button for the next page ("Show 10 more (37 not shown)"), rendered only while some are hidden.
 */
import { useState } from 'react'

export interface Paged<T> {
  visible: readonly T[]
  /** Items not shown yet. */
  hidden: number
  pageSize: number
  more(): void
}

export function usePaged<T>(items: readonly T[], pageSize: number): Paged<T> {
  const [shown, setShown] = useState(pageSize)
  return {
    visible: items.slice(0, shown),
    hidden: Math.max(0, items.length - shown),
    pageSize,
    more: () => setShown((n) => n + pageSize),
  }
}

export function ShowMore({ paged, testId }: { paged: Paged<unknown>; testId: string }) {
  if (paged.hidden === 0) return null
  return (
    <button type="button" className="button show-more" data-testid={testId} onClick={paged.more}>
      Show {Math.min(paged.pageSize, paged.hidden)} more ({paged.hidden} not shown)
    </button>
  )
}
