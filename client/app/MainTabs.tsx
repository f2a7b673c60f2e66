import { type RefObject, useEffect, useRef, useState } from 'react'
import type { Page, Route } from './route.js'

/**
 * The pages of the user's role. On a phone they keep to one row that scrolls sideways (a provider's
 * six or seven wrapped onto two), so the current one is brought into that row's view, and the row
 * fades at each edge with pages past it (`data-more`: a walk saw "My slots Requests S…" and nothing
 * saying that Webhooks and Organisation were there too). The fade alone went unnoticed in the next
 * walk: with pages past the row's end, a "›" button beside it says so and scrolls them in ("‹" back
 * from the end; phone only, styles.css; small, so two pages still show beside the sync state; for
 * touch, so out of the tab order: the links themselves are reachable).
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
  const more = useHiddenSides(nav)
  useEffect(() => {
    const row = nav.current
    const tab = row?.querySelector<HTMLElement>(`[data-page="${current}"]`)
    if (!row || !tab || row.scrollWidth <= row.clientWidth) return
    // Only the row scrolls (scrollIntoView would move the page too).
    row.scrollLeft = tab.offsetLeft - (row.clientWidth - tab.offsetWidth) / 2
  }, [current])
  return (
    <>
      <nav ref={nav} aria-label="Main" className="tabs" data-more={more}>
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
      {/* Kept while the row overflows, pointing back at its end: gone, it gave the row room that
          ended the overflow, and came back. */}
      {more !== 'none' && (
        <button
          type="button"
          className="tabs__more"
          tabIndex={-1}
          aria-hidden="true"
          onClick={() => {
            const row = nav.current
            const back = more === 'start' ? -1 : 1
            row?.scrollBy({ left: back * row.clientWidth * 0.8, behavior: 'smooth' })
          }}
          title={more === 'start' ? 'Back to the first pages' : 'More pages'}
          data-testid="tabs-more"
        >
          {more === 'start' ? '‹' : '›'}
        </button>
      )}
    </>
  )
}

type HiddenSides = 'none' | 'start' | 'end' | 'both'

/** Which ends of a sideways-scrolling row have content past them, kept as it scrolls or resizes. */
function useHiddenSides(ref: RefObject<HTMLElement | null>): HiddenSides {
  const [sides, setSides] = useState<HiddenSides>('none')
  useEffect(() => {
    const row = ref.current
    if (!row) return
    const measure = () => {
      const before = row.scrollLeft > 1
      const after = row.scrollLeft + row.clientWidth < row.scrollWidth - 1
      setSides(before && after ? 'both' : before ? 'start' : after ? 'end' : 'none')
    }
    measure()
    row.addEventListener('scroll', measure, { passive: true })
    const resized = new ResizeObserver(measure)
    resized.observe(row)
    return () => {
      row.removeEventListener('scroll', measure)
      resized.disconnect()
    }
  }, [ref])
  return sides
}
