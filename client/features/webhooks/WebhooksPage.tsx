/**
 * The provider's webhooks, loaded on demand (React.lazy in the shell): add an endpoint (its secret
 * is shown once, with a Copy button), see each endpoint's delivery log (status, attempts, last error,
 * response time; read again while open: useDeliveryLog), replay a delivery, rotate the secret (after
 * saying what happens to the old one), disable or re-enable (with the reason it was disabled), edit
 * its URL and events (the add form's fields and messages), delete (asked first, ConfirmButton).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import './webhooks.css'
import { DomainError, ErrorCode } from '../../../shared/errors.js'
import type {
  SecretRotationRule,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEventType,
} from '../../../shared/webhooks.js'
import { WEBHOOK_EVENT_HELP, WEBHOOK_EVENT_TYPES, webhookUrlKey } from '../../../shared/webhooks.js'
import { type WebhookActions, useWebhookActions, useWebhookEndpoints } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { deliveryNotes, deliveryStatusText, responseTimeText } from './deliveryStatusText.js'
import { disabledReasonText, endpointState } from './endpointState.js'
import { RotateSecret } from './RotateSecret.js'
import { previousSecretText } from './rotationText.js'
import { SecretNotice, type ShownSecret } from './SecretNotice.js'
import { useDeliveryLog } from './useDeliveryLog.js'

/** How often the open page reads the endpoints again (their failing or disabled state). */
const ENDPOINTS_REFRESH_MS = 15_000

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The events a new endpoint's form starts with (again after each endpoint added). */
const NEW_ENDPOINT_EVENTS: WebhookEventType[] = ['booking.created']

/** What disabling means, said before it is done and on a disabled endpoint's card. */
const WHILE_DISABLED =
  'While disabled, changes are not sent to this URL and are not kept for later: re-enabling sends the changes made from then on.'

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
  // Where the focus goes once a deleted endpoint's card is gone.
  const title = useRef<HTMLHeadingElement>(null)
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
        <h1 id="webhooks-title" ref={title} tabIndex={-1}>
          Webhooks
        </h1>
      </div>
      <p className="muted">
        Changes to your slots and bookings are posted to these URLs, signed per Standard Webhooks.
      </p>
      <EndpointForm
        title="Add an endpoint"
        submitLabel="Add endpoint"
        testId="webhook-add"
        onSubmit={async (url, events) => {
          const created = await actions.create({ url, events })
          setSecret({ url: created.url, secret: created.secret, addedAt: created.createdAt })
          endpoints.reload()
        }}
      />
      {secret && (
        <SecretNotice key={secret.secret} shown={secret} zone={zone} onDone={() => setSecret(null)} />
      )}
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
                  addedAt: rotated.createdAt,
                  note: previousSecretText(rotated.previousSecretUntil, zone),
                })
              }
              onSettled={reload}
              onDeleted={() => title.current?.focus()}
              sameUrl={endpoints.data.filter(
                (other) =>
                  other.id !== endpoint.id && webhookUrlKey(other.url) === webhookUrlKey(endpoint.url),
              )}
            />
          ))}
        </ul>
      )}
    </section>
  )
}

/**
 * The form that registers an endpoint, and the one that edits an endpoint's URL and events (its
 * fields start from the endpoint). The server's refusal of what was typed (a 400: credentials in the
 * URL, a private address; a 409: a URL another endpoint already has) is said at the URL, which keeps
 * the text to be corrected; any other failure (offline, not allowed) under the form.
 */
function EndpointForm({
  title,
  submitLabel,
  testId,
  initial,
  onSubmit,
  onCancel,
}: {
  title: string
  submitLabel: string
  testId: string
  initial?: { url: string; events: WebhookEventType[] }
  /** Throws the server's refusal, which the form shows. */
  onSubmit: (url: string, events: WebhookEventType[]) => Promise<void>
  /** Editing: closes the form without a change. */
  onCancel?: () => void
}) {
  const [url, setUrl] = useState(initial?.url ?? '')
  const [events, setEvents] = useState<WebhookEventType[]>(initial?.events ?? NEW_ENDPOINT_EVENTS)
  const [urlProblem, setUrlProblem] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const urlProblemId = useId()
  const eventHelpId = useId()
  const urlField = useRef<HTMLInputElement>(null)
  async function submit(event: FormEvent) {
    event.preventDefault()
    setUrlProblem(null)
    setFailure(null)
    try {
      await onSubmit(url, events)
      // Added: the form starts afresh, so the next endpoint does not get this one's events unseen.
      if (!initial) {
        setUrl('')
        setEvents(NEW_ENDPOINT_EVENTS)
      }
    } catch (e) {
      if (
        e instanceof DomainError &&
        (e.code === ErrorCode.VALIDATION_FAILED || e.code === ErrorCode.WEBHOOK_ENDPOINT_EXISTS)
      ) {
        setUrlProblem(e.message)
        urlField.current?.focus()
      } else setFailure(message(e))
    }
  }
  const editing = initial !== undefined
  return (
    <form
      className={`card webhooks__card webhooks__add${editing ? ' webhooks__edit' : ''}`}
      onSubmit={submit}
      data-testid={testId}
    >
      {editing ? <h3>{title}</h3> : <h2>{title}</h2>}
      <label className="field">
        Endpoint URL
        <input
          ref={urlField}
          type="url"
          required
          // biome-ignore lint/a11y/noAutofocus: Edit replaced the card's buttons with this form: the focus goes into it
          autoFocus={editing}
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
      <p className="muted">One endpoint per URL: to receive more events there, edit its endpoint.</p>
      <fieldset className="webhooks__events">
        <legend>Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          // What each event means beside its name (a decline is booking.cancelled, not booking.rejected),
          // outside the label so the box keeps the event's name as its own.
          <div key={type} className="webhooks__event">
            <label className="choice">
              <input
                type="checkbox"
                aria-describedby={`${eventHelpId}-${type}`}
                checked={events.includes(type)}
                onChange={(e) =>
                  setEvents((list) => (e.target.checked ? [...list, type] : list.filter((t) => t !== type)))
                }
              />
              {type}
            </label>
            <small id={`${eventHelpId}-${type}`} className="muted" data-testid="webhook-event-help">
              {WEBHOOK_EVENT_HELP[type]}
            </small>
          </div>
        ))}
      </fieldset>
      <ErrorNote error={failure} />
      <div className="webhooks__actions">
        <button type="submit" className="button button--primary" disabled={events.length === 0}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
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
  onDeleted,
  sameUrl,
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
  /** The endpoint was deleted: its card, and the focus in it, are going. */
  onDeleted: () => void
  /** Other endpoints with the same URL (registered before that was refused): each gets every event. */
  sameUrl: WebhookEndpoint[]
}) {
  const [editing, setEditing] = useState(false)
  const editButton = useRef<HTMLButtonElement>(null)
  const closed = useRef(false)
  // The form went (saved or cancelled): the focus back to the button that opened it.
  useEffect(() => {
    if (editing || !closed.current) return
    closed.current = false
    editButton.current?.focus()
  }, [editing])
  const closeEditor = () => {
    closed.current = true
    setEditing(false)
  }
  const { log, open, replay } = useDeliveryLog(endpoint.id, actions, onSettled)
  const state = endpointState(endpoint, zone)
  const reason = disabledReasonText(endpoint, zone)
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
        {reason && (
          <span className="muted" data-testid="webhook-disabled-reason">
            {reason}
          </span>
        )}
      </p>
      {!endpoint.enabled && (
        <p className="muted" data-testid="webhook-disabled-note">
          {WHILE_DISABLED}
        </p>
      )}
      <p className="muted">
        {endpoint.events.join(', ')} · added {formatLongDateTime(endpoint.createdAt, zone)}
      </p>
      {sameUrl.length > 0 && (
        <p className="note note--warning" data-testid="webhook-same-url">
          {sameUrl.length === 1 ? 'Another endpoint has' : `${sameUrl.length} other endpoints have`} this URL
          (added {sameUrl.map((other) => formatLongDateTime(other.createdAt, zone)).join(', ')}), registered
          before that was refused: the receiver gets each event once per endpoint. Delete the one you do not
          need.
        </p>
      )}
      {editing && (
        <EndpointForm
          title={`Edit ${endpoint.url}`}
          submitLabel="Save changes"
          testId="webhook-edit"
          initial={{ url: endpoint.url, events: endpoint.events }}
          onCancel={closeEditor}
          onSubmit={async (url, events) => {
            await actions.update(endpoint.id, { url, events })
            closeEditor()
            onSettled()
          }}
        />
      )}
      <div className="webhooks__actions">
        <button type="button" className="button" onClick={() => run(open)}>
          Delivery log
        </button>
        {!editing && (
          <button type="button" className="button" ref={editButton} onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {endpoint.enabled ? (
          <ConfirmButton
            label="Disable"
            question={`Disable this endpoint? ${WHILE_DISABLED}`}
            confirmLabel="Yes, disable it"
            className="button"
            testId="webhook-disable"
            onConfirm={() => void run(() => actions.update(endpoint.id, { enabled: false }))}
          />
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => run(() => actions.update(endpoint.id, { enabled: true }))}
            data-testid="webhook-enable"
          >
            Re-enable
          </button>
        )}
        <RotateSecret
          rule={rotationRule}
          onRotate={() => run(async () => onRotated(await actions.rotate(endpoint.id)))}
        />
        <ConfirmButton
          label="Delete"
          question="Delete this endpoint and its delivery log?"
          confirmLabel="Yes, delete it and its log"
          testId="webhook-delete"
          onConfirm={() =>
            void run(() => actions.remove(endpoint.id)).then((done) => {
              if (done) onDeleted()
            })
          }
        />
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
                <th>History</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {log.map((d) => (
                <tr key={d.id}>
                  <td data-label="Event">
                    #{d.eventId} {d.eventType}
                  </td>
                  <td data-label="Status" data-status={d.status}>
                    {deliveryStatusText(d)}
                  </td>
                  <td data-label="Attempts">{d.earlierAttempts + d.attempts}</td>
                  <td data-label="Last attempt">
                    {d.lastAttemptAt ? formatLongDateTime(d.lastAttemptAt, zone) : null}
                  </td>
                  <td data-label="Last error">{d.lastError}</td>
                  <td data-label="Response time">{responseTimeText(d)}</td>
                  <td data-label="History" data-testid="webhook-delivery-notes">
                    {deliveryNotes(d, zone).map((note) => (
                      <span key={note} className="webhooks__note">
                        {note}
                      </span>
                    ))}
                  </td>
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
