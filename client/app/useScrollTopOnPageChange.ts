import { useLayoutEffect, useRef } from 'react'

/**
 * Another page opens at its top, not at the scroll position the previous one had; moving within a
 * page (another week, a booking opened from a notification) keeps to the page's own scrolling. A layout
 * effect, so it runs before the new page's own effects (which may bring something into view).
 */
export function useScrollTopOnPageChange(page: string): void {
  const shown = useRef(page)
  useLayoutEffect(() => {
    if (shown.current === page) return
    shown.current = page
    window.scrollTo(0, 0)
  }, [page])
}
