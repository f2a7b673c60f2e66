import { useEffect, useRef } from 'react'
import type { Page, Route } from './route.js'

/**
 * The pages of the user's role. On a phone they keep to one row that scrolls sideways (a provider's
 * six or seven wrapped onto two), so the current one is brought into that row's view.
 */
export function MainTabs({
  pages,
  current,
  navigate,
}: {
  pages: readonly { page: Page; label: string }[]
  current: Page
  navigate: (route: Route) => void
}) {
  const nav = useRef<HTMLElement>(null)
  useEffect(() => {
    const row = nav.current
    const tab = row?.querySelector<HTMLElement>(`[data-page="${current}"]`)
    if (!row || !tab || row.scrollWidth <= row.clientWidth) return
    // Only the row scrolls (scrollIntoView would move the page too).
    row.scrollLeft = tab.offsetLeft - (row.clientWidth - tab.offsetWidth) / 2
  }, [current])
  return (
    <nav ref={nav} aria-label="Main" className="tabs">
      {pages.map((p) => (
        <a
          key={p.page}
          href={`#/${p.page}`}
          className={`tabs__tab${current === p.page ? ' tabs__tab--active' : ''}`}
          aria-current={current === p.page ? 'page' : undefined}
          onClick={(event) => {
            event.preventDefault()
            navigate({ page: p.page })
          }}
          data-testid={`nav-${p.page}`}
          data-page={p.page}
        >
          {p.label}
        </a>
      ))}
    </nav>
  )
}
