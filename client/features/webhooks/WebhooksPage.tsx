/**
 * The provider's webhooks, loaded on demand (React.lazy in the shell): add an endpoint (its secret
 * is shown once, with a Copy button), see each endpoint's delivery log (status, attempts, last error,
 * response time; read again while open: useDeliveryLog), replay a delivery, rotate the secret (after
 * saying what happens to the old one), disable or re-enable (with the reason it was disabled).
 */
import { type FormEvent, useEffect, useId, useState } from 'react'
import './webhooks.css'
import { DomainError, ErrorCode } from '../../../shared/errors.js'
import type {
  SecretRotationRule,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEventType,
} from '../../../shared/webhooks.js'
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhooks.js'
import { type WebhookActions, useWebhookActions, useWebhookEndpoints } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { deliveryStatusText } from './deliveryStatusText.js'
import { endpointState } from './endpointState.js'
import { RotateSecret } from './RotateSecret.js'
import { previousSecretText } from './rotationText.js'
import { SecretNotice, type ShownSecret } from './SecretNotice.js'
import { useDeliveryLog } from './useDeliveryLog.js'

/** How often the open page reads the endpoints again (their failing or disabled state). */
const ENDPOINTS_REFRESH_MS = 15_000

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

export default function WebhooksPage({ zone }: { zone: string }) {
  const endpoints = useWebhookEndpoints()
  const actions = useWebhookActions()
  // Read the endpoints again while the page is open: one starting to fail (or recovering) shows so.
  const { reload } = endpoints
  useEffect(() => {
    const timer = setInterval(reload, ENDPOINTS_REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])
  const [secret, setSecret] = useState<ShownSecret | null>(null)
  const [error, setError] = useState<string | null>(null)
  // The server's rotation rule, for the confirmation's words (null until read, or if it cannot be).
  const [rotationRule, setRotationRule] = useState<SecretRotationRule | null>(null)
  useEffect(() => {
    let live = true
    actions.rotationRule().then(
      (rule) => live && setRotationRule(rule),
      () => {},
    )
    return () => {
      live = false
    }
  }, [actions])

  /** Runs `action`; false when it failed (the failure is shown). */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setError(null)
    let done = true
    try {
      await action()
    } catch (e) {
      setError(message(e))
      done = false
    }
    endpoints.reload()
    return done
  }

  return (
    <section className="page" aria-labelledby="webhooks-title" data-testid="webhooks">
      <div className="page__header">
        <h1 id="webhooks-title">Webhooks</h1>
      </div>
      <p className="muted">
        Changes to your slots and bookings are posted to these URLs, signed per Standard Webhooks.
      </p>
      <AddEndpoint
        onAdd={async (url, events) => {
          const created = await actions.create({ url, events })
          setSecret({ url: created.url, secret: created.secret })
          endpoints.reload()
        }}
      />
      {secret && <SecretNotice key={secret.secret} shown={secret} onDone={() => setSecret(null)} />}
      {error && <Failure message={error} />}
      {endpoints.error ? (
        <Failure message={endpoints.error} />
      ) : endpoints.loading && endpoints.data.length === 0 ? (
        <Loading label="Loading webhooks…" />
      ) : endpoints.data.length === 0 ? (
        <Empty title="No endpoints yet">
          <p>
            A webhook lets another system (your own website, a CRM, a chat channel) hear at once when a
            booking is made or cancelled or a slot changes, instead of checking for changes. Add the URL that
            should receive them above and tick the events it needs; each message is signed with a secret shown
            once, so the receiver can check it came from here.
          </p>
        </Empty>
      ) : (
        <ul className="webhooks__list">
          {endpoints.data.map((endpoint) => (
            <EndpointItem
              key={endpoint.id}
              endpoint={endpoint}
              zone={zone}
              actions={actions}
              run={run}
              rotationRule={rotationRule}
              onRotated={(rotated) =>
                setSecret({
                  url: rotated.url,
                  secret: rotated.secret,
                  note: previousSecretText(rotated.previousSecretUntil, zone),
                })
              }
              onSettled={reload}
            />
          ))}
        </ul>
      )}
    </section>
  )
}

/**
 * The form that registers an endpoint. The server's refusal of what was typed (a 400: credentials
 * in the URL, a private address) is said at the URL, which keeps the text to be corrected; any other
 * failure (offline, not allowed) under the form.
 */
function AddEndpoint({ onAdd }: { onAdd: (url: string, events: WebhookEventType[]) => Promise<void> }) {
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<WebhookEventType[]>(['booking.created'])
  const [urlProblem, setUrlProblem] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const urlProblemId = useId()
  async function submit(event: FormEvent) {
    event.preventDefault()
    setUrlProblem(null)
    setFailure(null)
    try {
      await onAdd(url, events)
      setUrl('')
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.VALIDATION_FAILED) setUrlProblem(e.message)
      else setFailure(message(e))
    }
  }
  return (
    <form className="card webhooks__card webhooks__add" onSubmit={submit} data-testid="webhook-add">
      <h2>Add an endpoint</h2>
      <label className="field">
        Endpoint URL
        <input
          type="url"
          required
          placeholder="https://example.com/webhooks/bookings"
          value={url}
          onChange={(e) => {
            setUrl(e.target.value)
            setUrlProblem(null)
          }}
          aria-invalid={urlProblem !== null}
          aria-describedby={urlProblem ? urlProblemId : undefined}
        />
      </label>
      {urlProblem && (
        <p id={urlProblemId} className="note note--error" role="alert" data-testid="webhook-url-problem">
          {urlProblem}
        </p>
      )}
      <fieldset className="webhooks__events">
        <legend>Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="choice">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) =>
                setEvents((list) => (e.target.checked ? [...list, type] : list.filter((t) => t !== type)))
              }
            />
            {type}
          </label>
        ))}
      </fieldset>
      <ErrorNote error={failure} />
      <button type="submit" className="button button--primary" disabled={events.length === 0}>
        Add endpoint
      </button>
    </form>
  )
}

function EndpointItem({
  endpoint,
  zone,
  actions,
  run,
  rotationRule,
  onRotated,
  onSettled,
}: {
  endpoint: WebhookEndpoint
  /** The zone the viewer reads times in. */
  zone: string
  actions: WebhookActions
  run: (action: () => Promise<unknown>) => Promise<boolean>
  rotationRule: SecretRotationRule | null
  onRotated: (rotated: WebhookEndpointWithSecret) => void
  /** The log's deliveries on their way have all been sent or given up (the endpoint's state may follow). */
  onSettled: () => void
}) {
  const [deleting, setDeleting] = useState(false)
  const { log, open, replay } = useDeliveryLog(endpoint.id, actions, onSettled)
  const state = endpointState(endpoint, zone)
  return (
    <li className="card webhooks__card" data-testid="webhook-endpoint">
      <p className="webhooks__endpoint">
        <strong>{endpoint.url}</strong>
        <span
          className={`webhooks__state webhooks__state--${state.tone}`}
          title={state.title}
          data-testid="webhook-state"
          data-tone={state.tone}
        >
          {state.text}
        </span>
        {endpoint.disabledReason && <span className="muted">{endpoint.disabledReason}</span>}
      </p>
      {!endpoint.enabled && (
        <p className="muted" data-testid="webhook-disabled-note">
          While disabled, changes are not sent to this URL and are not kept for later: re-enabling sends the
          changes made from then on.
        </p>
      )}
      <p className="muted">{endpoint.events.join(', ')}</p>
      <div className="webhooks__actions">
        <button type="button" className="button" onClick={() => run(open)}>
          Delivery log
        </button>
        <button
          type="button"
          className="button"
          onClick={() => run(() => actions.update(endpoint.id, { enabled: !endpoint.enabled }))}
        >
          {endpoint.enabled ? 'Disable' : 'Re-enable'}
        </button>
        <RotateSecret
          rule={rotationRule}
          onRotate={() => run(async () => onRotated(await actions.rotate(endpoint.id)))}
        />
        {deleting ? (
          <>
            <button
              type="button"
              className="button button--danger"
              onClick={() => run(() => actions.remove(endpoint.id))}
            >
              Yes, delete it and its log
            </button>
            <button type="button" className="button" onClick={() => setDeleting(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button--danger-ghost" onClick={() => setDeleting(true)}>
            Delete
          </button>
        )}
      </div>
      {log && (
        <div className="webhooks__log-scroll">
          <table className="webhooks__log" data-testid="webhook-log">
            <thead>
              <tr>
                <th>Event</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last attempt</th>
                <th>Last error</th>
                <th>Response time</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {log.map((d) => (
                <tr key={d.id}>
                  <td>
                    #{d.eventId} {d.eventType}
                  </td>
                  <td data-status={d.status}>{deliveryStatusText(d)}</td>
                  <td>{d.attempts}</td>
                  <td>{d.lastAttemptAt ? formatLongDateTime(d.lastAttemptAt, zone) : ''}</td>
                  <td>{d.lastError ?? ''}</td>
                  <td>{d.lastDurationMs === null ? '' : `${d.lastDurationMs} ms`}</td>
                  <td>
                    {(d.status === 'delivered' || d.status === 'failed') && (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => run(() => replay(d.id))}
                      >
                        Replay
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  )
}
