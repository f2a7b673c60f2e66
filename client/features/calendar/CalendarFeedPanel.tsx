import { useCallback, useEffect, useRef, useState } from 'react'
import { type CalendarFeed, failureText, useCalendarActions, useSyncStatus } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { CopyButton } from '../../ui/CopyButton.js'

/**
 * The user's private calendar feed: a URL calendar apps subscribe to. The server keeps only a hash,
 * so the URL can be shown once, right after it is made; a new one replaces it, and revoking ends it.
 * The link is the user's, not the organisation's: made on any organisation's page, it carries every
 * organisation's bookings, so the panel says so (it is offered, the same, in each organisation).
 */
export function CalendarFeedPanel() {
  const { feedStatus, rotateFeed, revokeFeed } = useCalendarActions()
  const announce = useAnnounce()
  const { online } = useSyncStatus()
  /** null: not known yet (not asked, or the server could not be reached). */
  const [feed, setFeed] = useState<CalendarFeed | null>(null)
  const [url, setUrl] = useState<string | null>(null)
  const urlInput = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string | null>(null)
  // Each question and change gets a number: an answer to an older one never overwrites a newer state.
  const latest = useRef(0)

  /**
   * Asks the server whether a link is active: on opening the page and the panel, and whenever the
   * connection returns (a walk loaded the page offline and, back online, was told links need a
   * connection, with "Make a calendar link" offered over the active one).
   */
  const refresh = useCallback(() => {
    const asked = ++latest.current
    feedStatus().then(
      (status) => {
        if (asked !== latest.current) return
        setFeed(status)
        setError(null)
      },
      (cause: unknown) => asked === latest.current && setError(failureText(cause, 'Calendar links')),
    )
  }, [feedStatus])
  const asked = useRef(false)
  useEffect(() => {
    if (online || !asked.current) refresh()
    asked.current = true
  }, [online, refresh])

  async function act(action: () => Promise<void>) {
    latest.current++
    setError(null)
    try {
      await action()
    } catch (cause) {
      setError(failureText(cause, 'Calendar links'))
    }
  }
  const create = () =>
    act(async () => {
      setUrl(await rotateFeed())
      setFeed({ active: true, createdAt: new Date().toISOString() })
      announce('New private calendar link made. Any older link stopped working.')
    })
  const revoke = () =>
    act(async () => {
      await revokeFeed()
      setUrl(null)
      setFeed({ active: false, createdAt: null })
      announce('Calendar link revoked.')
    })

  return (
    <details
      className="calendar-feed"
      data-testid="calendar-feed"
      onToggle={(event) => event.currentTarget.open && refresh()}
    >
      <summary>Subscribe in your calendar app</summary>
      <p className="muted">
        A private link that calendar apps (Google, Apple, Outlook) can subscribe to. It carries your bookings
        in every organisation you belong to, each event naming its organisation. Anyone with the link can read
        them: keep it to yourself, and revoke it if it leaks. Making a new link stops the old one.
      </p>
      {url && (
        <p className="calendar-feed__url">
          <label>
            Your link (shown once)
            <input
              ref={urlInput}
              readOnly
              value={url}
              data-testid="calendar-feed-url"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <CopyButton
            text={url}
            shownIn={urlInput}
            what="the link"
            label="Copy link"
            testId="calendar-feed-copy"
          />
        </p>
      )}
      {feed === null && !error && (
        <p className="muted" data-testid="calendar-feed-checking">
          Checking your calendar link…
        </p>
      )}
      {feed?.active && !url && <p className="muted">A link is active. Make a new one to see it again.</p>}
      {/* Not known: "Make a calendar link" would silently stop a link the user's calendar already uses. */}
      {feed !== null && (
        <div className="calendar-feed__actions">
          <button
            type="button"
            className="button button--ghost"
            onClick={create}
            data-testid="calendar-feed-create"
          >
            {feed.active ? 'Make a new link' : 'Make a calendar link'}
          </button>
          {feed.active && (
            <button type="button" className="button button--danger-ghost" onClick={revoke}>
              Revoke link
            </button>
          )}
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </details>
  )
}
