/**
 * The user's membership of the organisation the app works in ended (an admin removed them): the
 * server refuses every request there with 403 NOT_A_MEMBER (shared/membershipRefusal.ts) and ends the
 * open stream. The device then reads the user's organisations again (a request that names none, so
 * it is answered whatever the session's organisation), and the app says so and works in another
 * organisation, or, with none left, shows the screen of a user of no organisation
 * (MembershipEnded.tsx). The lost organisation's local database is kept, with the changes it
 * holds unsent: the app says how many could not be sent.
 */
import { useCallback, useRef, useState } from 'react'
import type { MyOrganisation } from '../../shared/organisations.js'
import type { Session } from '../data/api.js'
import type { LostOrganisation } from '../data/DataProvider.js'
import { serverApi } from '../data/serverApi.js'
// Straight from the module, not the client/data barrel (which would pull RxDB into this chunk).
import { readMyOrganisations, rememberOrganisations, switchOrganisation } from '../data/session.js'

/** What the app tells the user once a membership ended. */
export interface MembershipEnded {
  organisationName: string
  /** Changes made there on this device that never reached the server. */
  unsentChanges: number
  /** The organisation the app works in now; null when the user belongs to none. */
  nowIn: string | null
}

/**
 * The session with the user's organisations as the server lists them now, working where it worked
 * if that is still listed, else in the first listed (the server's default); and the organisation it
 * worked in when the list no longer has it. With none listed the session keeps no organisation.
 */
export function withOrganisations(
  session: Session,
  organisations: MyOrganisation[],
): { session: Session; lost: MyOrganisation | null } {
  const kept = rememberOrganisations(session, organisations)
  const current = session.organisationId
  if (organisations.some((o) => o.id === current)) return { session: kept, lost: null }
  const lost = session.organisations?.find((o) => o.id === current) ?? null
  const first = organisations[0]
  // With none, requests name no organisation (one naming the lost one would only be refused).
  const next = first
    ? switchOrganisation(kept, first.id)
    : rememberOrganisations({ ...session, organisationId: undefined }, organisations)
  return { session: next, lost }
}

/** Whether the session works in no organisation: the user belongs to none (any more). */
export function belongsToNone(session: Session): boolean {
  return session.organisations?.length === 0
}

export function endedWords({ organisationName, unsentChanges, nowIn }: MembershipEnded): string {
  const unsent =
    unsentChanges > 0
      ? ` ${unsentChanges} ${unsentChanges === 1 ? 'change' : 'changes'} you made in ${organisationName} could not be sent; ${unsentChanges === 1 ? 'it stays' : 'they stay'} on this device.`
      : ''
  const now = nowIn ? ` You now work in ${nowIn}.` : ''
  return `You are no longer a member of ${organisationName}.${now}${unsent}`
}

export interface LostMembership {
  /** The last membership that ended, until dismissed. */
  ended: MembershipEnded | null
  dismiss(): void
  /** The server refused the session's organisation as "not a member": check, and move on if so. */
  check(lost: LostOrganisation): void
  /** The organisations as the server lists them now (joined, created, or read when the app opened). */
  keep(organisations: MyOrganisation[], unsentChanges?: number): void
}

/**
 * `session` and `setSession` are the app's. A refusal is checked against the user's organisations
 * (a role changed meanwhile, say, leaves the organisation listed: nothing to tell); every request
 * of the old organisation is refused at once, so one check runs at a time.
 */
export function useLostMembership(
  session: Session | null,
  setSession: (session: Session) => void,
): LostMembership {
  const [ended, setEnded] = useState<MembershipEnded | null>(null)
  const latest = useRef(session)
  latest.current = session
  const checking = useRef<string | null>(null)

  const keep = useCallback(
    (organisations: MyOrganisation[], unsentChanges = 0) => {
      const current = latest.current
      if (!current) return
      const next = withOrganisations(current, organisations)
      latest.current = next.session
      setSession(next.session)
      if (!next.lost) {
        // Joined an organisation from none (the no-organisation screen, which said the membership
        // ended): the app opens there, and the old news would read as a new problem above it.
        if (next.session.organisationId !== current.organisationId) setEnded(null)
        return
      }
      const nowIn = next.session.organisations?.find((o) => o.id === next.session.organisationId)
      setEnded({ organisationName: next.lost.name, unsentChanges, nowIn: nowIn?.name ?? null })
    },
    [setSession],
  )

  const check = useCallback(
    ({ organisationId, unsentChanges }: LostOrganisation) => {
      const asked = latest.current
      // Refusals of an organisation the app has left already (its replication is stopping).
      if (!asked || asked.organisationId !== organisationId) return
      const key = `${asked.token}|${organisationId ?? ''}`
      if (checking.current === key) return
      checking.current = key
      readMyOrganisations(serverApi({ baseUrl: '', token: asked.token }))
        .then((organisations) => {
          const now = latest.current
          if (now?.token === asked.token && now.organisationId === organisationId)
            keep(organisations, unsentChanges)
        })
        // No answer (offline) or signed out meanwhile: the next refusal asks again.
        .catch(() => {})
        .finally(() => {
          if (checking.current === key) checking.current = null
        })
    },
    [keep],
  )

  const dismiss = useCallback(() => setEnded(null), [])
  return { ended, dismiss, check, keep }
}
