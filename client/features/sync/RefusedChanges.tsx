import { useState } from 'react'
import { ErrorCode } from '../../../shared/errors.js'
import { type ProviderChange, triedWords, useProviderActions, useProviderChanges } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ErrorNote } from '../../ui/ErrorNote.js'

/** A change that only lost a race can be made again on the server's current state. */
function mayApplyAgain(change: ProviderChange): boolean {
  return change.refusal?.code === ErrorCode.STALE_BASE && change.collection === 'slots'
}

/**
 * "Changes the server refused": each of the provider's changes the server did not take, with what was
 * tried, the reason in words and the server's value beside it, until dismissed (like a customer's
 * rejected booking). A change that lost to another device's can be applied again with one click.
 */
export function RefusedChanges({ zone }: { zone: string }) {
  const refused = useProviderChanges().filter((c) => c.state === 'refused')
  const actions = useProviderActions()
  const [error, setError] = useState<string | null>(null)
  if (refused.length === 0) return null
  const act = (run: Promise<void>) =>
    run.then(
      () => setError(null),
      (cause: unknown) => setError(cause instanceof Error ? cause.message : 'That did not work.'),
    )
  return (
    <section className="notices" role="alert" aria-live="assertive" data-testid="refused-changes">
      <h2 className="notices__title">Changes the server refused</h2>
      <ErrorNote error={error} />
      {refused.map((change) => (
        <div
          key={change.key}
          className="notice notice--error"
          data-testid="refused-change"
          data-code={change.refusal?.code}
        >
          <div className="notice__text">
            <strong>Not saved:</strong> {triedWords(change.tried)} for the slot on{' '}
            {formatLongDateTime(change.slotStart, zone)}.{' '}
            <span data-testid="refused-change-reason">{change.refusal?.message}</span>{' '}
            <span data-testid="refused-change-server">Now on the server: {change.serverValue}.</span>
          </div>
          <div className="notice__actions">
            {mayApplyAgain(change) && (
              <button
                type="button"
                className="button button--primary button--small"
                onClick={() => act(actions.applyAgain(change))}
                data-testid="apply-again"
              >
                Apply again
              </button>
            )}
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => act(actions.dismissChange(change.key))}
              data-testid="dismiss-change"
            >
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </section>
  )
}
