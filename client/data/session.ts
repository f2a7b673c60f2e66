/**
 * Signing in and keeping the session on the device (so an offline reload still knows who is signed in).
 */
import type {
  AcceptInvitationBody,
  InvitationPreview,
  MyOrganisation,
  RedeemInvitationBody,
} from '../../shared/organisations.js'
import { domainRole } from '../../shared/policy.js'
import type { Role } from '../../shared/schemas.js'
import type { Session } from './api.js'
import { viewerTimeZone } from './deviceTimeZone.js'
import { type FetchFunction, type ServerApi, serverApi } from './serverApi.js'
import { forgetWaitingChanges } from './waitingChanges.js'

const STORAGE_KEY = 'uniservice.session'

export interface SignInOptions {
  baseUrl?: string
  fetch?: FetchFunction
  /** Where the session is kept; the browser's localStorage when present, nothing otherwise. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
}

function defaultStorage(): SignInOptions['storage'] {
  return typeof localStorage === 'undefined' ? null : localStorage
}

export async function signIn(email: string, password: string, options: SignInOptions = {}): Promise<Session> {
  const api = serverApi({ baseUrl: options.baseUrl ?? '', fetch: options.fetch })
  return keepSession(await api.post<Session>('/api/session', { email, password }), options)
}

/** What an invitation link is for, before signing up through it. */
export function previewInvitation(token: string, options: SignInOptions = {}): Promise<InvitationPreview> {
  const api = serverApi({ baseUrl: options.baseUrl ?? '', fetch: options.fetch })
  return api.post<InvitationPreview>('/api/invitations/preview', { token })
}

/**
 * Signs up through an invitation link: a new account, a member of the inviting organisation, signed in.
 * The account starts in the device's time zone (a provider's business zone) unless the body names one.
 */
export async function acceptInvitation(
  body: AcceptInvitationBody,
  options: SignInOptions = {},
): Promise<Session> {
  const api = serverApi({ baseUrl: options.baseUrl ?? '', fetch: options.fetch })
  const withZone: AcceptInvitationBody = { timeZone: viewerTimeZone() || undefined, ...body }
  return keepSession(await api.post<Session>('/api/invitations/accept', withZone), options)
}

/**
 * A signed-in user (someone with an account already) joins the organisation of an invitation link,
 * with the role invited; answers that organisation and the user's organisations as they are now (the
 * switcher's list: keep them with rememberOrganisations, and the new one is a switch away, no new
 * sign-in needed). A refusal (link expired or used, already a member) throws the server's DomainError.
 */
export async function redeemInvitation(
  session: Session,
  token: string,
  options: SignInOptions & { onUnauthorized?: () => void } = {},
): Promise<{ joined: MyOrganisation; organisations: MyOrganisation[] }> {
  const api = serverApi({
    baseUrl: options.baseUrl ?? '',
    token: session.token,
    organisationId: session.organisationId,
    fetch: options.fetch,
    onUnauthorized: options.onUnauthorized,
  })
  const body: RedeemInvitationBody = { token }
  const joined = await api.post<MyOrganisation>('/api/invitations/redeem', body)
  return { joined, organisations: await readMyOrganisations(api) }
}

/** The user's organisations as the server lists them now (sign-in, joining, creating, the app opening). */
export function readMyOrganisations(api: ServerApi): Promise<MyOrganisation[]> {
  return api.get<MyOrganisation[]>('/api/organisations')
}

/**
 * Keeps a new session with the user's organisations, working in the first (the server's default), so
 * the local database is chosen per organisation from the start, offline reloads included.
 */
export async function keepSession(session: Session, options: SignInOptions = {}): Promise<Session> {
  const api = serverApi({ baseUrl: options.baseUrl ?? '', token: session.token, fetch: options.fetch })
  const organisations = await readMyOrganisations(api)
  const kept: Session = { ...session, organisations, organisationId: organisations[0]?.id }
  storeSession(kept, options)
  return kept
}

function storeSession(session: Session, options: Pick<SignInOptions, 'storage'>): void {
  ;(options.storage === undefined ? defaultStorage() : options.storage)?.setItem(
    STORAGE_KEY,
    JSON.stringify(session),
  )
}

/** The same session working in another of the user's organisations (kept for reloads). */
export function switchOrganisation(
  session: Session,
  organisationId: string,
  options: Pick<SignInOptions, 'storage'> = {},
): Session {
  const next = { ...session, organisationId }
  storeSession(next, options)
  return next
}

/** The signed-in user's role in the organisation the session works in (null before it is known). */
export function currentMembership(
  session: Pick<Session, 'organisations' | 'organisationId'>,
): MyOrganisation | null {
  return session.organisations?.find((o) => o.id === session.organisationId) ?? null
}

/**
 * The role the user acts in where the session works, as the server judges them there: their
 * membership's (a customer promoted to provider, or a provider here and a customer elsewhere), not the
 * one they signed up with. The account's only until the memberships are known.
 */
export function roleHere(session: Pick<Session, 'user' | 'organisations' | 'organisationId'>): Role {
  const membership = currentMembership(session)
  return membership ? domainRole(membership.role) : session.user.role
}

/** The stored session, unless it expired; null when signed out. */
export function loadSession(storage = defaultStorage(), now = new Date()): Session | null {
  const text = storage?.getItem(STORAGE_KEY)
  if (!text) return null
  try {
    const session = JSON.parse(text) as Session
    return Date.parse(session.expiresAt) > now.getTime() ? session : null
  } catch {
    return null
  }
}

/**
 * Forgets a session the server no longer accepts (expired, revoked). The user's local database stays:
 * signing in again as the same user pushes the changes it still holds.
 */
export function forgetExpiredSession(options: Pick<SignInOptions, 'storage'> = {}): void {
  ;(options.storage === undefined ? defaultStorage() : options.storage)?.removeItem(STORAGE_KEY)
}

/** Forgets the session on the device; tells the server when reachable (offline sign-out still works). */
export async function signOut(session: Session, options: SignInOptions = {}): Promise<void> {
  const storage = options.storage === undefined ? defaultStorage() : options.storage
  storage?.removeItem(STORAGE_KEY)
  // Sign-out deletes the local databases, and the changes that waited in them.
  if (storage) forgetWaitingChanges(session.user.id, storage)
  const api = serverApi({ baseUrl: options.baseUrl ?? '', token: session.token, fetch: options.fetch })
  await api.delete('/api/session').catch(() => {})
}

/**
 * Keeps the user's organisations as the server listed them now (e.g. after joining one), so the
 * switcher offers them, also after an offline reload; the session keeps working where it works.
 */
export function rememberOrganisations(
  session: Session,
  organisations: MyOrganisation[],
  options: Pick<SignInOptions, 'storage'> = {},
): Session {
  const next = { ...session, organisations }
  storeSession(next, options)
  return next
}

/** Keeps a changed profile in the stored session, so an offline reload shows it too. */
export function rememberUser(
  session: Session,
  user: Session['user'],
  options: Pick<SignInOptions, 'storage'> = {},
): Session {
  const next = { ...session, user }
  storeSession(next, options)
  return next
}
