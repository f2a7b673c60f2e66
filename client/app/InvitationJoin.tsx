/**
 * An invitation link opened by someone who is signed in, or who signed in from the invitation screen
 * ("I already have an account: sign in"): they join its organisation with their account (POST
 * /api/invitations/redeem) instead of signing up. Signed in already, the app offers "Join
 * <organisation>"; signed in from the invitation screen, it joins at once. Either way it then says
 * "You joined <organisation> as <role>" (or the server's refusal in its words) and the organisation
 * switcher lists the new organisation at once: no new sign-in is needed to switch to it.
 *
 * The state lives in <App>, which stays mounted while the signed-in part reopens its database (an
 * organisation switch): the notice is only drawn inside the shell.
 */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react'
import type { InvitationPreview, MyOrganisation } from '../../shared/organisations.js'
import type { Session } from '../data/api.js'
// Straight from the module, not the client/data barrel (which would pull RxDB into this chunk).
import { previewInvitation, redeemInvitation } from '../data/session.js'
import { forgetInvitationLink } from './InvitationSignUp.js'

export type InvitationJoinState =
  | { kind: 'reading' }
  | { kind: 'offer'; preview: InvitationPreview }
  | { kind: 'joining'; preview: InvitationPreview | null }
  | { kind: 'joined'; organisation: MyOrganisation }
  | { kind: 'refused'; message: string }

interface InvitationJoinOptions {
  /** The link's token; null when no invitation is pending. */
  token: string | null
  session: Session | null
  /** Join without asking (the person chose to sign in to accept the invitation). */
  joinAtOnce: boolean
  /** What the invitation screen already read, so the offer needs no second look-up. */
  preview: InvitationPreview | null
  /** The user's organisations after joining: the app keeps them in its session (the switcher's list). */
  onOrganisations: (organisations: MyOrganisation[]) => void
  /**
   * The server answered the link (joined, or refused it): nothing is pending any more, and the app
   * forgets the token; the answer stays on screen until dismissed.
   */
  onAnswered: () => void
  onSessionExpired: () => void
}

export interface InvitationJoin {
  /** null: nothing to show (no invitation, or not signed in). */
  state: InvitationJoinState | null
  join: () => void
  dismiss: () => void
}

function refusalWords(cause: unknown): string {
  if (cause instanceof TypeError)
    return 'Cannot reach the server: joining needs a connection. Open the link again when online.'
  return cause instanceof Error ? cause.message : String(cause)
}

export function useInvitationJoin({
  token,
  session,
  joinAtOnce,
  preview: knownPreview,
  onOrganisations,
  onAnswered,
  onSessionExpired,
}: InvitationJoinOptions): InvitationJoin {
  const [state, setState] = useState<InvitationJoinState | null>(null)
  // The token this hook started on (StrictMode runs effects twice: a link is redeemed once).
  const started = useRef<string | null>(null)
  const latest = useRef({ session, onOrganisations, onAnswered, onSessionExpired })
  latest.current = { session, onOrganisations, onAnswered, onSessionExpired }
  const signedIn = session !== null

  /** The server's answer to `link`, unless the person moved on (dismissed it, another link). */
  const answered = useCallback((link: string, next: InvitationJoinState | null) => {
    forgetInvitationLink()
    if (started.current === link && next) setState(next)
    latest.current.onAnswered()
  }, [])

  const redeem = useCallback(
    (link: string, preview: InvitationPreview | null) => {
      const current = latest.current.session
      if (!current) return
      setState({ kind: 'joining', preview })
      redeemInvitation(current, link, { onUnauthorized: () => latest.current.onSessionExpired() }).then(
        ({ joined, organisations }) => {
          // Joined whatever happened meanwhile: the switcher lists the organisation either way.
          latest.current.onOrganisations(organisations)
          answered(link, { kind: 'joined', organisation: joined })
        },
        (cause: unknown) => {
          const message = refusalWords(cause)
          // No answer (offline): the invitation stays pending, to be tried again.
          if (cause instanceof TypeError) {
            if (started.current === link) setState({ kind: 'refused', message })
          } else {
            answered(link, { kind: 'refused', message })
          }
        },
      )
    },
    [answered],
  )

  useEffect(() => {
    if (!signedIn) {
      // Signed out (or the session ended): signing in again picks a pending invitation up again.
      started.current = null
      setState(null)
      return
    }
    if (!token) {
      started.current = null
      return
    }
    if (started.current === token) return
    started.current = token
    if (joinAtOnce) {
      redeem(token, knownPreview)
      return
    }
    if (knownPreview) {
      setState({ kind: 'offer', preview: knownPreview })
      return
    }
    setState({ kind: 'reading' })
    previewInvitation(token).then(
      (preview) => started.current === token && setState({ kind: 'offer', preview }),
      (cause: unknown) => {
        const refusal: InvitationJoinState = { kind: 'refused', message: refusalWords(cause) }
        if (cause instanceof TypeError) {
          if (started.current === token) setState(refusal)
        } else {
          answered(token, refusal)
        }
      },
    )
  }, [token, signedIn, joinAtOnce, knownPreview, redeem, answered])

  const join = useCallback(() => {
    if (token && state?.kind === 'offer') redeem(token, state.preview)
  }, [token, state, redeem])
  const dismiss = useCallback(() => setState(null), [])

  return { state: signedIn ? state : null, join, dismiss }
}

interface InvitationNoticeProps {
  state: InvitationJoinState
  /** The organisation the app works in now (a joined one that is already current needs no switch). */
  currentOrganisationId: string | undefined
  onJoin: () => void
  onSwitch: (organisationId: string) => void
  onDismiss: () => void
}

/** The invitation's line under the header: the offer, the progress, the outcome. */
export function InvitationNotice({
  state,
  currentOrganisationId,
  onJoin,
  onSwitch,
  onDismiss,
}: InvitationNoticeProps) {
  const dismiss = (label: string) => (
    <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
      {label}
    </button>
  )
  let text: string
  let actions: ReactNode = null
  switch (state.kind) {
    case 'reading':
      text = 'Reading the invitation…'
      break
    case 'offer': {
      const { organisation, role } = state.preview
      text = `You are invited to join ${organisation.name} as ${role}.`
      actions = (
        <>
          <button
            type="button"
            className="button button--primary button--small"
            onClick={onJoin}
            data-testid="invitation-join"
          >
            Join {organisation.name}
          </button>
          {dismiss('Not now')}
        </>
      )
      break
    }
    case 'joining':
      text = state.preview ? `Joining ${state.preview.organisation.name}…` : 'Joining the organisation…'
      break
    case 'joined': {
      const { id, name, role } = state.organisation
      text = `You joined ${name} as ${role}.`
      actions = (
        <>
          {id !== currentOrganisationId && (
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => {
                onSwitch(id)
                onDismiss()
              }}
              data-testid="invitation-switch"
            >
              Switch to {name}
            </button>
          )}
          {dismiss('Dismiss')}
        </>
      )
      break
    }
    case 'refused':
      text = state.message
      actions = dismiss('Dismiss')
      break
  }
  return (
    <div className="notices">
      <div
        className={`notice ${state.kind === 'refused' ? 'notice--error' : 'notice--info'}`}
        data-testid="invitation-notice"
        data-state={state.kind}
      >
        <div className="notice__text" role="status">
          {text}
        </div>
        {actions && <div className="notice__actions">{actions}</div>}
      </div>
    </div>
  )
}
