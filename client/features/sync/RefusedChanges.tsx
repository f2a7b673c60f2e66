import { useState } from 'react'
import { ErrorCode } from '../../../shared/errors.js'
import {
  type ProviderChange,
  changeWords,
  triedWords,
  useProviderActions,
  useProviderChanges,
} from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { NOT_SAVED_LIST_ID, listedAsNotSaved } from './syncWords.js'

/**
 * A change that only lost a race can be made again on the server's current state, unless the provider
 * changed the same thing again since: applying it would undo that newer change.
 */
function mayApplyAgain(change: ProviderChange): boolean {
  return change.refusal?.code === ErrorCode.STALE_BASE && change.collection === 'slots' && !change.replacedBy
}

/**
 * "Changes not saved": each of the provider's changes the server did not take, with what was tried,
 * the reason in words and the server's value beside it (like a customer's rejected booking), and each
 * change replaced on this device by a later one before it was sent (the server judged only the later,
 * shown on its own), until dismissed. A change that lost to another device's can be applied again
 * with one click. A refused change the provider changed again afterwards names that later change
 * instead of the server's value (it may be out of date: the later change may have been taken) and
 * offers no "Apply again" (it would undo the later change). The sync status pill counts them and
 * leads here (NOT_SAVED_LIST_ID).
 */
export function RefusedChanges({ zone }: { zone: string }) {
  const shown = useProviderChanges().filter(listedAsNotSaved)
  const actions = useProviderActions()
  const [error, setError] = useState<string | null>(null)
  if (shown.length === 0) return null
  const act = (run: Promise<void>) =>
    run.then(
      () => setError(null),
      (cause: unknown) => setError(cause instanceof Error ? cause.message : 'That did not work.'),
    )
  return (
    <section
      id={NOT_SAVED_LIST_ID}
      className="notices"
      role="alert"
      aria-live="assertive"
      tabIndex={-1}
      data-testid="refused-changes"
    >
      <h2 className="notices__title">Changes not saved</h2>
      <ErrorNote error={error} />
      {shown.map((change) => (
        <div
          key={change.key}
          className={`notice ${change.state === 'refused' ? 'notice--error' : 'notice--info'}`}
          data-testid={change.state === 'refused' ? 'refused-change' : 'replaced-change'}
          data-code={change.refusal?.code}
        >
          <div className="notice__text">
            {change.state === 'refused' ? (
              <>
                <strong>Not saved:</strong> {changeWords(change, formatLongDateTime(change.slotStart, zone))}.{' '}
                <span data-testid="refused-change-reason">{change.refusal?.message}</span>{' '}
                {change.replacedBy ? (
                  <span data-testid="refused-change-replaced-by">
                    Replaced by your later change ({triedWords(change.replacedBy)}).
                  </span>
                ) : (
                  <span data-testid="refused-change-server">Now on the server: {change.serverValue}.</span>
                )}
              </>
            ) : (
              <>
                <strong>Not sent:</strong> {changeWords(change, formatLongDateTime(change.slotStart, zone))}.{' '}
                <span data-testid="replaced-change-by">
                  Replaced on this device by your later change (
                  {change.replacedBy && triedWords(change.replacedBy)}) before it was sent.
                </span>
              </>
            )}
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
